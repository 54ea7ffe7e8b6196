using System.Net;
using System.Net.Http.Json;
using Lodestar.Web.Tests.Common;
using static Lodestar.Web.Tests.Common.Api;

namespace Lodestar.Web.Tests.Publishing;

/// <summary>
/// Issue 15, item 2: publishing and withdrawing are the owning province's decision (national items: administrators).
/// Each decision is sent so that it would fail (no reason, nothing confirmed): an allowed account gets 400, a refused one 403.
/// </summary>
[Collection(SharedApp.Name)]
public sealed class PublishingScopeTests(LodestarFactory app)
{
    public enum Decision
    {
        WithdrawProvinceDti,
        WithdrawProvinceProgramme,
        PublishProvinceDti,
        PublishNationalDti,
    }

    public static TheoryData<Decision, Actor> Matrix()
    {
        var data = new TheoryData<Decision, Actor>();
        foreach (var decision in Enum.GetValues<Decision>())
        {
            foreach (var actor in Enum.GetValues<Actor>())
            {
                data.Add(decision, actor);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task PublishingDecision_OnlyTheOwnersOffice_ElseForbidden(Decision decision, Actor actor)
    {
        var client = await Actors.ClientAsync(app, actor);
        var expected = Actors.MayChange(actor, national: decision == Decision.PublishNationalDti) ? HttpStatusCode.BadRequest : HttpStatusCode.Forbidden;

        using var response = decision switch
        {
            Decision.WithdrawProvinceDti => await client.PostAsJsonAsync("/api/v1/publishing/withdraw", new { kind = "dti", key = "LS-XA/2025", reason = "" }),
            Decision.WithdrawProvinceProgramme => await client.PostAsJsonAsync("/api/v1/publishing/withdraw", new { kind = "programme", key = "LS-BCD", reason = "" }),
            Decision.PublishProvinceDti => await client.PostAsJsonAsync("/api/v1/publishing", new { kind = "dti", key = "LS-XA/1999" }),
            Decision.PublishNationalDti => await client.PostAsJsonAsync("/api/v1/publishing", new { kind = "dti", key = "P405/1999" }),
            _ => throw new ArgumentOutOfRangeException(nameof(decision)),
        };

        var answer = await ReadAsync(response);
        Assert.True(answer.Status == expected, $"{actor} {decision}: expected {(int)expected}, got {answer.Describe()}");
    }

    [Theory]
    [InlineData(Actor.ProvinceOffice)]
    [InlineData(Actor.CommuneOffice)]
    [InlineData(Actor.OtherProvinceOffice)]
    [InlineData(Actor.Admin)]
    public async Task PublishingList_ShowsOnlyWhatTheReaderDecidesOn(Actor actor)
    {
        var keys = (await GetOkAsync(await Actors.ClientAsync(app, actor), "/api/v1/publishing")).EnumerateArray().Select(i => Str(i, "key")).ToList();

        Assert.Equal(Actors.MayChange(actor), keys.Contains("LS-BCD"));
        Assert.Equal(Actors.MayChange(actor, national: true), keys.Any(k => k.StartsWith("P405/", StringComparison.Ordinal)));
    }
}
