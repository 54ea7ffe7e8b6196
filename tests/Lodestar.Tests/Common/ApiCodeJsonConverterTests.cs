using System.Text.Json;
using Lodestar.Common;
using Lodestar.Progress;
using Lodestar.Tasks;

namespace Lodestar.Tests.Common;

public sealed class ApiCodeJsonConverterTests
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new ApiCodeJsonConverter() } };

    private sealed record Row(TaskState State, ProgressStatus? Status);

    [Fact]
    public void Write_SpellsEveryEnumInKebabCase() =>
        Assert.Equal("""{"state":"completed-on-time","status":null}""", JsonSerializer.Serialize(new Row(TaskState.CompletedOnTime, null), Json));

    [Theory]
    [InlineData("completed-on-time")]
    [InlineData("CompletedOnTime")]
    [InlineData("completedontime")]
    [InlineData("COMPLETED-ON-TIME")]
    public void Read_TakesTheCodeOrTheNameInAnyCase(string text) =>
        Assert.Equal(TaskState.CompletedOnTime, JsonSerializer.Deserialize<Row>($$"""{"state":"{{text}}"}""", Json)!.State);

    [Fact]
    public void Read_Number_IsRefusedNamingTheCodes()
    {
        var e = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<Row>("""{"state":3}""", Json));

        Assert.Contains("TaskState is written as one of not-started, in-progress, overdue", e.Message, StringComparison.Ordinal);
        Assert.Contains("not as a number", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_UnknownWord_IsRefusedNamingTheCodes()
    {
        var e = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<Row>("""{"state":"late"}""", Json));

        Assert.Contains("'late' is not a TaskState; use one of not-started,", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DictionaryKeys_AreWrittenAndReadAsCodes()
    {
        var counts = new Dictionary<ProgressStatus, int> { [ProgressStatus.OffTrack] = 2 };

        var json = JsonSerializer.Serialize(counts, Json);

        Assert.Equal("""{"off-track":2}""", json);
        Assert.Equal(counts, JsonSerializer.Deserialize<Dictionary<ProgressStatus, int>>(json, Json));
    }
}
