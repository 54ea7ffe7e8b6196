namespace Lodestar.Web.Tests.Common;

/// <summary>
/// A test that only means something on one database carries <c>[Trait(Needs.Trait, Needs.Postgres)]</c>: the SQLite HTTP run
/// of test.sh leaves it out (<c>--filter Needs!=postgres</c>) and the PostgreSQL run takes it, so it is never passed unchecked.
/// </summary>
public static class Needs
{
    public const string Trait = "Needs";

    public const string Postgres = "postgres";
}
