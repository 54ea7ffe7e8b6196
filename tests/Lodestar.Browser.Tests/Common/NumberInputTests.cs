using System.Text.Json;
using Lodestar.Common;

namespace Lodestar.Browser.Tests.Common;

/// <summary>number-input.js reads every case of the shared table exactly as the C# reader does, value and message.</summary>
[Collection(SharedBrowser.Name)]
public sealed class NumberInputTests(BrowserFixture browser)
{
    [Fact]
    public async Task Parse_EveryCaseOfTheTable_AgreesWithTheServersReader()
    {
        var page = await browser.NewPageAsync();
        try
        {
            await page.GotoAsync("/login");
            await page.AddScriptTagAsync(new() { Url = "/js/number-input.js" });
            var cases = NumberCases.All.Select(c => new { text = c.Text, english = c.English, integer = c.WholeNumbers }).ToList();

            var answers = await page.EvaluateAsync<JsonElement>(
                "cases => cases.map(c => globalThis.LodestarNumber.parse(c.text, { english: c.english, integer: c.integer }))", cases);

            var i = 0;
            foreach (var answer in answers.EnumerateArray())
            {
                var c = NumberCases.All[i++];
                var expected = NumberText.Read(c.Text, c.English, c.WholeNumbers);
                var value = answer.GetProperty("value");
                var message = answer.GetProperty("message");
                Assert.True(expected.Ok == answer.GetProperty("ok").GetBoolean(), $"'{c.Text}' (english {c.English}): ok");
                Assert.Equal(expected.Value, value.ValueKind == JsonValueKind.Number ? value.GetDouble() : null);
                Assert.Equal(c.English ? expected.Problem?.En : expected.Problem?.Vi, message.ValueKind == JsonValueKind.String ? message.GetString() : null);
            }

            Assert.Equal(NumberCases.All.Count, i);
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }
}
