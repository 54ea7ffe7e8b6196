using System.Text;

namespace Lodestar.Common;

/// <summary>
/// Reads CSV as RFC 4180 writes it: comma-separated, fields in double quotes may hold commas, quotes ("") and line
/// breaks; a UTF-8 byte-order mark is skipped. Streams the file: one row at a time with the line it starts on.
/// </summary>
public static class CsvRows
{
    public static async IAsyncEnumerable<(int Line, string[] Fields)> ReadAsync(TextReader reader, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct = default)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var line = 1;
        var start = 1;
        var quoted = false;
        var any = false;
        var buffer = new char[65536];
        var after = '\0';
        int read;
        while ((read = await reader.ReadAsync(buffer, ct)) > 0)
        {
            for (var k = 0; k < read; k++)
            {
                var c = buffer[k];
                if (after == '"')
                {
                    after = '\0';
                    if (c == '"')
                    {
                        field.Append('"');
                        continue;
                    }

                    quoted = false;
                }

                if (quoted)
                {
                    if (c == '"')
                    {
                        after = '"';
                    }
                    else
                    {
                        line += c == '\n' ? 1 : 0;
                        field.Append(c);
                    }

                    continue;
                }

                switch (c)
                {
                    case '\uFEFF' when line == 1 && !any && field.Length == 0:
                        break;
                    case '"' when field.Length == 0:
                        quoted = true;
                        any = true;
                        break;
                    case ',':
                        fields.Add(field.ToString());
                        field.Clear();
                        any = true;
                        break;
                    case '\r':
                        break;
                    case '\n':
                        if (any || field.Length > 0)
                        {
                            fields.Add(field.ToString());
                            yield return (start, fields.ToArray());
                        }

                        fields.Clear();
                        field.Clear();
                        any = false;
                        line++;
                        start = line;
                        break;
                    default:
                        field.Append(c);
                        any = true;
                        break;
                }
            }
        }

        if (any || field.Length > 0)
        {
            fields.Add(field.ToString());
            yield return (start, fields.ToArray());
        }
    }
}
