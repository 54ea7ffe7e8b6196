using Lodestar.OrgUnits;
using Lodestar.People;
using Lodestar.Spreadsheets;
using Microsoft.EntityFrameworkCore;

namespace Lodestar.Tests.People;

/// <summary>Teams and members from an .xlsx (issue 17, item 6): rows of one team make one team; a bad row is named and nothing is saved.</summary>
public sealed class DigitalTeamSheetsTests : DatabaseTest
{
    private static readonly DateOnly Start = new(2025, 7, 1);
    private IReadOnlySet<int> _province = null!;

    private async Task MapAsync()
    {
        await using var db = Database.Context();
        var province = await db.AddUnitAsync("95", OrgUnitLevel.Province, from: Start, fullName: "Tỉnh Thử");
        var commune = await db.AddUnitAsync("95001", OrgUnitLevel.Commune, province, Start, fullName: "Xã An Bình");
        await db.AddUnitAsync("95001-T1", OrgUnitLevel.Village, commune, Start, fullName: "Thôn Một");
        var other = await db.AddUnitAsync("96", OrgUnitLevel.Province, from: Start, fullName: "Tỉnh Khác");
        await db.AddUnitAsync("96001", OrgUnitLevel.Commune, other, Start, fullName: "Xã Khác");
        await db.SaveChangesAsync();
        _province = await new OrgUnitQueries(db).SubtreeIdsAsync(province.Id, Start);
    }

    private static MemoryStream Sheet(params object?[][] rows)
    {
        var sheet = new XlsxSheet("To", [.. DigitalTeamSheets.Columns.Select(c => new XlsxColumn(c.Vi))]);
        foreach (var row in rows)
        {
            sheet.Add(row);
        }

        return new MemoryStream(XlsxWriter.Write(sheet));
    }

    private async Task<Lodestar.Common.Outcome<(int Teams, int Members)>> ImportAsync(MemoryStream file)
    {
        await using var db = Database.Context();
        return await new DigitalTeamSheets(db, new DigitalTeamService(db)).ImportAsync(file, _province);
    }

    [Fact]
    public async Task Import_RowsOfOneTeam_FoundItOnce_WithItsLeaderAndMembers()
    {
        await MapAsync();

        var imported = await ImportAsync(Sheet(
            ["95001-T1", "Tổ CNS thôn Một", "15/08/2025", "Hoàng Văn Nam", "0912345678", null, "x"],
            ["95001-T1", "Tổ CNS thôn Một", "15/08/2025", "Lộc Thị Mai", null, "01/09/2025", null],
            ["95001", "Tổ CNS xã An Bình", "01/08/2025", null, null, null, null]));

        Assert.True(imported.Succeeded, string.Join("; ", imported.Problems.Select(p => p.Message.En)));
        Assert.Equal((2, 2), imported.Value);
        await using var db = Database.Context();
        var queries = new OrgUnitQueries(db);
        var team = Assert.Single(await queries.TeamsAsync((await queries.FindAsync("95001-T1", Start))!.Id, new DateOnly(2025, 9, 1)));
        Assert.Equal(("Hoàng Văn Nam", 2), (team.Leader, team.Members.Count));
        Assert.Equal(["Hoàng Văn Nam"], (await queries.TeamsAsync((await queries.FindAsync("95001-T1", Start))!.Id, new DateOnly(2025, 8, 31)))[0].Members);
    }

    [Fact]
    public async Task Import_BadRows_AreNamedBySheetRowAndColumn_AndNothingIsSaved()
    {
        await MapAsync();

        var refused = await ImportAsync(Sheet(
            ["95001-T1", "Tổ CNS thôn Một", "15/08/2025", "Hoàng Văn Nam", null, null, "x"],
            ["96001", "Tổ CNS xã Khác", "15/08/2025", "Người Khác", null, null, null],
            ["95001-T1", "Tổ CNS thôn Một", "15/08/2025", "Lộc Thị Mai", null, "31/13/2025", null],
            ["95001-T1", "Tổ CNS thôn Một", "15/08/2025", "Nông Văn Sớm", null, "01/08/2025", null],
            ["95001-T1", "Tổ CNS thôn Một", "15/08/2025", "Vi Thị Hai", "0912 000 111", null, null],
            ["95001-T1", "Tổ CNS thôn Một", "15/08/2025", "Vi Thị Hai", "0912000111", "01/09/2025", null]));

        Assert.False(refused.Succeeded);
        var messages = refused.Problems.Select(p => p.Message.En).ToList();
        Assert.Contains(messages, m => m.StartsWith("Sheet 'To', row 3, column A (Commune or village code): Xã Khác is not in your province", StringComparison.Ordinal));
        Assert.Contains("Sheet 'To', row 4, column F (Joined on (dd/mm/yyyy)): '31/13/2025' is not a dd/mm/yyyy date.", messages);
        Assert.Contains(messages, m => m.StartsWith("Sheet 'To', row 5, column F (Joined on (dd/mm/yyyy)): The joining date must fall while the team is active", StringComparison.Ordinal));
        Assert.Contains("Sheet 'To', row 7, column D (Member's full name): Vi Thị Hai is a present member of the team (since 15/08/2025).", messages); // the same person twice
        await using var db = Database.Context();
        Assert.False(await db.DigitalTeams.AnyAsync());
        Assert.False(await db.People.AnyAsync());
    }
}
