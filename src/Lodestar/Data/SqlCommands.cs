using System.Data.Common;

namespace Lodestar.Data;

/// <summary>Raw SQL inside an open transaction, for the few writes EF Core does not express (the bulk import, the change feed).</summary>
internal static class SqlCommands
{
    /// <summary>A command on the transaction's connection, with <c>@name</c> parameters.</summary>
    public static DbCommand In(DbTransaction transaction, string sql, params (string Name, object Value)[] parameters)
    {
        var command = transaction.Connection!.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var p = command.CreateParameter();
            p.ParameterName = "@" + name;
            p.Value = value;
            command.Parameters.Add(p);
        }

        return command;
    }
}
