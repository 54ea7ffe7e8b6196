using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Lodestar.Data;
using Lodestar.Web.Tests.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Lodestar.Web.Tests.Hosting;

/// <summary>
/// Thousands of seeded malformed bodies to every JSON write that imports data (POST /api/v1/data-values, the DTI
/// published results, a report's values): truncated JSON, wrong types, nulls, huge numbers, NaN/Infinity, text for
/// numbers, NFD Unicode, HTML, deep nesting, huge strings and bodies, duplicate keys, wrong periods, unknown units.
/// Each is answered 400 with a message in the caller's language under a key naming the row and field — never a 500 —
/// and the store is the same afterwards. The seed is in every assertion message: the same seed gives the same bodies.
/// </summary>
[Collection(SharedApp.Name)]
public sealed class JsonImportFuzzTests(LodestarFactory app, ITestOutputHelper output)
{
    private const int Seed = 20261127;

    [Fact]
    public async Task DataValues_2000MalformedBodies_Each400NamingTheRowOrField_AndNothingStored()
    {
        var units = await app.DemoUnitsAsync();
        JsonObject Row(int i) => new()
        {
            ["dataElement"] = "HH_TOTAL",
            ["orgUnit"] = units.OtherCommune,
            ["period"] = $"{2030 + (i % 5)}Q{1 + (i % 4)}",
            ["value"] = 100 + i,
            ["comment"] = "kiểm thử",
        };

        var fields = new[] { "dataElement", "orgUnit", "period", "value", "comment" };
        await FuzzAsync("POST", "/api/v1/data-values", "dataValues", Row, fields, valueField: "value", textFields: ["dataElement", "orgUnit", "period"], count: 2000, seed: Seed);
    }

    [Fact]
    public async Task DtiPublished_1000MalformedBodies_Each400NamingTheRow_AndNothingStored()
    {
        // A row printed with a score and no rank: the score is then all it has, so nulling or breaking it makes the row invalid.
        JsonObject Row(int i) => new()
        {
            ["orgUnit"] = new[] { "01", "79", "48", "31" }[i % 4],
            ["score"] = 0.5,
            ["mainIndexes"] = new JsonObject { ["P922.1"] = 0.6 },
            ["source"] = "Báo cáo DTI 2023",
        };

        var fields = new[] { "orgUnit", "score", "mainIndexes", "source" };
        await FuzzAsync("POST", "/api/v1/dti/P922/2023/published", "results", Row, fields, valueField: "score", textFields: ["orgUnit", "source"], count: 1000, seed: Seed + 1);
    }

    /// <summary>
    /// Sends <paramref name="count"/> bodies, each a valid batch of 1–4 rows (<paramref name="row"/>) broken by one
    /// mutation that makes it invalid, and checks each answer and the stored counts.
    /// </summary>
    private async Task FuzzAsync(string method, string url, string listName, Func<int, JsonObject> row, string[] fields,
        string valueField, string[] textFields, int count, int seed)
    {
        var client = await app.AdminClientAsync();
        var random = new Random(seed);
        var before = await CountsAsync();
        var kinds = new Dictionary<string, int>();
        var started = DateTime.UtcNow;
        for (var n = 0; n < count; n++)
        {
            var rows = new JsonArray();
            var size = random.Next(1, 5);
            for (var i = 0; i < size; i++)
            {
                rows.Add(row(n * 7 + i));
            }

            var root = new JsonObject { [listName] = rows };
            var target = (JsonObject)rows[random.Next(size)]!;
            var (kind, body) = Mutate(random, root, target, listName, fields, valueField, textFields);
            kinds[kind] = kinds.GetValueOrDefault(kind) + 1;
            var english = n % 2 == 1;
            using var request = new HttpRequestMessage(new HttpMethod(method), url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            request.Headers.AcceptLanguage.ParseAdd(english ? "en" : "vi");
            using var response = await client.SendAsync(request);
            var answer = await Api.ReadAsync(response);
            var what = $"seed {seed}, body {n} ({kind}): {Shorten(body)} → {Shorten(answer.Describe())}";

            Assert.True(answer.Status == HttpStatusCode.BadRequest, what);
            Assert.True(answer.MediaType == "application/problem+json", what);
            var errors = answer.Json.GetProperty("errors").EnumerateObject().ToList();
            Assert.True(errors.Count > 0, what);
            foreach (var error in errors)
            {
                Assert.True(error.Name.Length > 0 && (error.Name.StartsWith(listName, StringComparison.Ordinal) || error.Name == "body"), $"key '{error.Name}' names no row or field; {what}");
                foreach (var message in error.Value.EnumerateArray().Select(m => m.GetString() ?? ""))
                {
                    Assert.True(message.Length is > 5 and < 20_000, $"message '{Shorten(message)}'; {what}");
                }
            }

            var title = Api.Str(answer.Json, "title");
            Assert.True(english == title.All(char.IsAscii), $"title '{title}' is not in {(english ? "English" : "Vietnamese")}; {what}");

            if (n % 10 == 0 || n == count - 1)
            {
                Assert.True(before == await CountsAsync(), $"the store changed; {what}");
            }
        }

        Assert.Equal(before, await CountsAsync());
        output.WriteLine($"{url}: {count} bodies (seed {seed}) in {(DateTime.UtcNow - started).TotalSeconds:0.0} s; " +
                         string.Join(", ", kinds.OrderBy(k => k.Key, StringComparer.Ordinal).Select(k => $"{k.Key} {k.Value}")));
    }

    private async Task<(int Values, int History, int Audit, int Assessments, int Items)> CountsAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LodestarDbContext>();
        // Audit rows only of what these bodies could write: the daily job of the shared app writes others meanwhile.
        string[] touched = [nameof(Lodestar.Values.DataValue), nameof(Lodestar.Dti.DtiAssessment), nameof(Lodestar.Dti.DtiItem)];
        return (await db.DataValues.CountAsync(), await db.DataValueChanges.CountAsync(), await db.AuditEntries.CountAsync(a => touched.Contains(a.Entity)),
            await db.DtiAssessments.CountAsync(), await db.DtiItems.CountAsync());
    }

    private static string Shorten(string text) => text.Length <= 300 ? text : text[..300] + $"… ({text.Length:N0} chars)";

    /// <summary>One mutation that makes the body invalid; returns its name and the body's text.</summary>
    private static (string Kind, string Body) Mutate(Random r, JsonObject root, JsonObject row, string listName, string[] fields,
        string valueField, string[] textFields)
    {
        string Text() => root.ToJsonString();
        string AnyField() => fields[r.Next(fields.Length)];
        string TextField() => textFields[r.Next(textFields.Length)];
        switch (r.Next(20))
        {
            case 0:
                {
                    var text = Text();
                    return ("truncated", text[..r.Next(0, text.Length - 1)]);
                }

            case 1:
                row[valueField] = r.Next(3) switch { 0 => new JsonArray(1, 2), 1 => new JsonObject { ["x"] = 1 }, _ => (JsonNode)true };
                return ("wrong type (number)", Text());
            case 2:
                row[TextField()] = r.Next(3) switch { 0 => new JsonArray("a"), 1 => new JsonObject { ["code"] = "01" }, _ => (JsonNode)12345 };
                return ("wrong type (text)", Text());
            case 3:
                if (r.Next(3) == 0)
                {
                    root[listName] = r.Next(2) == 0 ? null : new JsonObject { ["0"] = row.DeepClone() };
                    return ("null or object list", Text());
                }

                ((JsonArray)root[listName]!)[r.Next(((JsonArray)root[listName]!).Count)] = null;
                return ("null row", Text());
            case 4:
                row[r.Next(2) == 0 ? valueField : TextField()] = null;
                return ("null field", Text());
            case 5:
                return ("huge number", Text().Replace(Json(row[valueField]), r.Next(3) switch { 0 => "1e400", 1 => "-1e999", _ => new string('9', 400) }, StringComparison.Ordinal));
            case 6:
                row[valueField] = new[] { "NaN", "Infinity", "-Infinity", "∞", "1e400", "0x1F" }[r.Next(6)];
                return ("NaN/Infinity text", Text());
            case 7:
                row[valueField] = new[] { "mười", "1.234,5", "12 345", "12%", "", "  ", "1,5", "--3" }[r.Next(8)];
                return ("text for a number", Text());
            case 8:
                {
                    var codes = textFields.Where(f => f != "source").ToArray();
                    var field = codes[r.Next(codes.Length)];
                    row[field] = (row[field]?.GetValue<string>() ?? "") + "\u0301" + "Xã Đồng".Normalize(NormalizationForm.FormD);
                    return ("NFD", Text());
                }

            case 9:
                row[TextField()] = new[] { "<script>alert(1)</script>", "<b>01</b>", "<img src=x onerror=alert(1)>" }[r.Next(3)];
                return ("HTML", Text());
            case 10:
                {
                    var depth = r.Next(2) == 0 ? 70 : 5000;
                    var text = Text().Replace(Json(row[valueField]), new string('[', depth) + "1" + new string(']', depth), StringComparison.Ordinal);
                    return ("deep nesting", text);
                }

            case 11:
                row[TextField()] = new string("aàx<"[r.Next(4)], r.Next(2) == 0 ? 5_000 : 300_000);
                return ("huge string", Text());
            case 12:
                {
                    var many = new JsonArray();
                    for (var i = 0; i < 10_001; i++)
                    {
                        many.Add(row.DeepClone());
                    }

                    root[listName] = many;
                    return ("huge body", Text());
                }

            case 13:
                {
                    var field = r.Next(2) == 0 ? valueField : TextField();
                    var text = Text();
                    var property = $"\"{field}\":{Json(row[field])}";
                    var bad = field == valueField ? "\"mười\"" : "\"<i>x</i>\"";
                    return ("duplicate key", text.Replace(property, $"{property},\"{field}\":{bad}", StringComparison.Ordinal));
                }

            case 14:
                if (fields.Contains("period"))
                {
                    row["period"] = new[] { "2027Q5", "202713", "2027-01", "Q1/2027", "2027S3", "0000", "99999", "2027Q0" }[r.Next(8)];
                    return ("wrong period", Text());
                }

                row[valueField] = -r.Next(1, 100);
                return ("out of range", Text());
            case 15:
                row[fields[0]] = new[] { "ZZ999", "00000000", "01x", "HH_TOTAL_X", "٠١" }[r.Next(5)];
                return ("unknown code", Text());
            case 16:
                return ("not an object", new[] { "[]", "null", "\"x\"", "42", "true", "", "   ", "{", "}", "{}" }[r.Next(10)]);
            case 17:
                root[listName] = new JsonArray();
                return ("empty list", Text());
            case 18:
                {
                    var text = Text();
                    var outside = OutsideStrings(text);
                    var at = outside[r.Next(outside.Count)];
                    var junk = new[] { "\u0000", "\\u00", "'", "\"", ",,", "}", "NaN", "\\x" }[r.Next(8)];
                    return ("broken syntax", text[..at] + junk + text[at..]);
                }

            default:
                row.Remove(AnyField() == valueField ? valueField : fields[0]);
                return ("missing field", Text());
        }
    }

    /// <summary>Positions in <paramref name="json"/> that are not inside a string literal (junk there always breaks the syntax).</summary>
    private static List<int> OutsideStrings(string json)
    {
        var positions = new List<int>();
        var inString = false;
        for (var i = 0; i < json.Length; i++)
        {
            if (!inString)
            {
                positions.Add(i);
            }

            if (json[i] == '\\' && inString)
            {
                i++;
            }
            else if (json[i] == '"')
            {
                inString = !inString;
            }
        }

        return positions;
    }

    private static string Json(JsonNode? node) => node?.ToJsonString() ?? "null";
}
