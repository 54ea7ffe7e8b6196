using System.Text;

namespace Lodestar.Common;

/// <summary>A CSV file that cannot be split into rows (a quote never closed); the line where the quoted field began.</summary>
public sealed class CsvFormatException(int line, Msg message) : FormatException(message.En)
{
    public int Line { get; } = line;

    public Msg Problem { get; } = message;
}

/// <summary>
/// Reads CSV as RFC 4180 writes it: comma-separated, fields in double quotes may hold commas, quotes ("") and line
/// breaks; a UTF-8 byte-order mark is skipped. Lines end with CRLF, LF or a lone CR (old Mac exports). Streams the
/// file: one row at a time with the line it starts on. A quote never closed throws <see cref="CsvFormatException"/>
/// rather than swallowing the rest of the file into one field.
/// </summary>
public static class CsvRows
{
    /// <summary>
    /// A file that travels with the binaries (official units, demo and DTI data): its header row names the columns, and
    /// every other non-empty row is one record with exactly as many fields; anything else is a broken file, named.
    /// </summary>
    public static List<Dictionary<string, string>> ReadTable(string path)
    {
        using var reader = new StreamReader(path, Encoding.UTF8);
        string[]? header = null;
        var rows = new List<Dictionary<string, string>>();
        foreach (var (line, fields) in ReadAsync(reader).ToBlockingEnumerable())
        {
            if (header is null)
            {
                header = fields;
                continue;
            }

            if (fields is [""])
            {
                continue;
            }

            if (fields.Length != header.Length)
            {
                throw new InvalidDataException($"{Path.GetFileName(path)} line {line}: {fields.Length} fields, expected {header.Length}.");
            }

            var row = new Dictionary<string, string>(header.Length, StringComparer.Ordinal);
            for (var k = 0; k < header.Length; k++)
            {
                row[header[k]] = fields[k];
            }

            rows.Add(row);
        }

        return header is null ? throw new InvalidDataException($"{Path.GetFileName(path)} is empty") : rows;
    }

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
        var quotedFrom = 0;
        var lastWasCr = false;
        int read;
        while ((read = await reader.ReadAsync(buffer, ct)) > 0)
        {
            for (var k = 0; k < read; k++)
            {
                var c = buffer[k];
                var crBefore = lastWasCr;
                lastWasCr = c == '\r';
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
                        line += c == '\r' || (c == '\n' && !crBefore) ? 1 : 0;
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
                        quotedFrom = line;
                        any = true;
                        break;
                    case ',':
                        fields.Add(field.ToString());
                        field.Clear();
                        any = true;
                        break;
                    case '\n' when crBefore:
                        break;
                    case '\r' or '\n':
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

        if (quoted && after != '"')
        {
            throw new CsvFormatException(quotedFrom, new Msg(
                $"Dòng {quotedFrom}: dấu ngoặc kép mở ở đây không bao giờ được đóng; tệp không đọc được từ dòng này.",
                $"Line {quotedFrom}: a double quote opened here is never closed; the file cannot be read from this line."));
        }

        if (any || field.Length > 0)
        {
            fields.Add(field.ToString());
            yield return (start, fields.ToArray());
        }
    }
}
