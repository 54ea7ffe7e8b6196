using Lodestar.Analytics;

namespace Lodestar.Bench;

/// <summary>
/// The country as the national benchmarks see it: 34 provinces (positions 0–33), 3,321 communes and 700 agencies
/// spread over them (4,055 units), 120 data elements × 12 periods, every commune and agency reporting every cell
/// (5.8 M values, seeded).
/// </summary>
internal static class NationalShape
{
    public const int Provinces = 34;
    public const int Communes = 3321;
    public const int Agencies = 700;
    public const int Elements = 120;
    public const int Periods = 12;
    public const int Units = Provinces + Communes + Agencies;

    /// <summary>The cube (unit ids 1 … 4,055 at positions 0 … 4,054), each position's parent, and the values element-, then period-major.</summary>
    public static (ValueCube Cube, int[] Parent, double[] Values) Build()
    {
        var parent = new int[Units];
        for (var u = 0; u < Units; u++)
        {
            parent[u] = u < Provinces ? -1 : u % Provinces;
        }

        var cube = new ValueCube(Elements, [new CubeTree([.. Enumerable.Range(1, Units)], parent)], new int[Periods]);
        var values = new double[Elements * Periods * Units];
        var random = new Random(42);
        for (var e = 0; e < Elements; e++)
        {
            for (var p = 0; p < Periods; p++)
            {
                for (var u = Provinces; u < Units; u++)
                {
                    var v = Math.Round(random.NextDouble() * 10000, 1);
                    values[(((e * Periods) + p) * Units) + u] = v;
                    cube.Load(e, p, u, v);
                }
            }
        }

        cube.Recompute();
        return (cube, parent, values);
    }
}
