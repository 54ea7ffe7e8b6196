namespace Lodestar.OrgUnits;

/// <summary>A unit as a row of data needs it: its id and the code it was named by.</summary>
public readonly record struct UnitRef(int Id, string Code);

/// <summary>
/// Units by code and date, loaded in one query. Codes were reused by the 2025 reform, so a code means the unit that
/// had it on a given day (as <see cref="OrgUnitQueries.FindAsync"/>: valid that day, the highest level first).
/// </summary>
public sealed class UnitCodeIndex
{
    private readonly Dictionary<string, (int Id, OrgUnitLevel Level, DateOnly? From, DateOnly? To)[]> _byCode;

    private UnitCodeIndex(Dictionary<string, (int, OrgUnitLevel, DateOnly?, DateOnly?)[]> byCode) => _byCode = byCode;

    internal static UnitCodeIndex Build(IEnumerable<(int Id, string Code, OrgUnitLevel Level, DateOnly? From, DateOnly? To)> units) =>
        new(units.GroupBy(r => r.Code, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.OrderBy(r => r.Level).Select(r => (r.Id, r.Level, r.From, r.To)).ToArray(), StringComparer.Ordinal));

    public UnitRef? Find(string code, DateOnly on)
    {
        if (_byCode.TryGetValue(code, out var units))
        {
            foreach (var (id, _, from, to) in units)
            {
                if ((from is null || from <= on) && (to is null || to >= on))
                {
                    return new UnitRef(id, code);
                }
            }
        }

        return null;
    }
}
