using Lodestar.Dti;
using Lodestar.OrgUnits;
using Lodestar.People;

namespace Lodestar.Tests.Dti;

/// <summary>The positions the committee page offers for a seat: the province's own, then its agencies', never a commune's or another province's.</summary>
public sealed class SteeringCommitteePositionsTests : DatabaseTest
{
    [Fact]
    public async Task Positions_AreTheProvincesThenItsAgencies_ByUnitCodeThenOrder()
    {
        await using var db = Database.Context();
        var province = await db.AddUnitAsync("P1", OrgUnitLevel.Province);
        var other = await db.AddUnitAsync("P2", OrgUnitLevel.Province);
        var agencyB = await db.AddUnitAsync("P1-B", OrgUnitLevel.Agency, province);
        var agencyA = await db.AddUnitAsync("P1-A", OrgUnitLevel.Agency, province);
        var commune = await db.AddUnitAsync("P1-X", OrgUnitLevel.Commune, province);
        var foreign = await db.AddUnitAsync("P2-A", OrgUnitLevel.Agency, other);
        foreach (var (unit, title, order) in new[]
                 {
                     (agencyB, "Giám đốc B", 1), (agencyA, "Phó Giám đốc A", 2), (agencyA, "Giám đốc A", 1), (province, "Phó Chủ tịch", 2),
                     (province, "Chủ tịch", 1), (commune, "Chủ tịch xã", 1), (foreign, "Giám đốc P2", 1),
                 })
        {
            db.Positions.Add(new Position { OrgUnitId = unit.Id, Title = title, SortOrder = order });
        }

        await db.SaveChangesAsync();

        var positions = await new SteeringCommitteeQueries(db, new DtiQueries(db)).PositionsAsync(province.Id);

        Assert.Equal(["Chủ tịch", "Phó Chủ tịch", "Giám đốc A", "Phó Giám đốc A", "Giám đốc B"], positions.Select(p => p.Title));
        Assert.Equal(agencyA.Name, positions[2].Unit);
    }
}
