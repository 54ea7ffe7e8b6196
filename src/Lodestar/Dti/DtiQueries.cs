using Lodestar.Data;
using Microsoft.EntityFrameworkCore;

namespace Lodestar.Dti;

public sealed record FrameworkItem(string Code, string Name, string Level, string Version, int FirstYear, int? LastYear,
    double MaxPoints, int MainIndexes, int Components, string? Source, bool IsDemo);

public sealed record NodeInfo(string Code, string? Parent, NodeKind Kind, string Name, double Max, RuleKind? Rule, string? RuleParameters,
    string? RuleText, string? Evidence, string? DataSource, string? Verifier);

public sealed record NodeScore(string Code, string Name, NodeKind Kind, double Points, double Max);

/// <summary>One unit's result in a year: total, normalised value (points ÷ maximum, or the published value), rank and last year's.</summary>
public sealed record UnitScore(int UnitId, string UnitCode, string UnitName, AssessmentState State, AssessmentOrigin Origin,
    double Total, double Max, double Normalised, int Rank, double? NormalisedBefore, int? RankBefore, bool IsDemo, string? Source,
    IReadOnlyList<NodeScore> Nodes)
{
    /// <summary>Not yet confirmed by the appraisal council.</summary>
    public bool Provisional => State < AssessmentState.Confirmed;
}

public sealed record YearScores(DtiFramework Framework, FrameworkModel Model, int Year, IReadOnlyList<UnitScore> Units, YearScores? Before);

public sealed record ExplainResult(UnitScore Unit, YearScores Year, Explanation? Change, IReadOnlyList<WhatIf> ToMax, IReadOnlyList<WhatIf> ByTen,
    IReadOnlyDictionary<string, double> PeerMedian, IReadOnlyDictionary<string, string> UnitNames);

/// <summary>Reads frameworks and computes scores, ranks and explanations on read with <see cref="DtiEngine"/>.</summary>
public sealed class DtiQueries(LodestarDbContext db)
{
    public async Task<List<FrameworkItem>> FrameworksAsync(CancellationToken ct = default)
    {
        var list = await db.DtiFrameworks.AsNoTracking().Include(f => f.Nodes).OrderBy(f => f.Level).ThenBy(f => f.FirstYear).ToListAsync(ct);
        return [.. list.Select(f => new FrameworkItem(f.Code, f.Name, f.Level.ToString(), f.Version, f.FirstYear, f.LastYear,
            f.Nodes.Where(n => n.ParentCode is null).Sum(n => n.MaxPoints), f.Nodes.Count(n => n.Kind == NodeKind.Main),
            f.Nodes.Count(n => n.Kind == NodeKind.Component), f.Source, f.IsDemo))];
    }

    public async Task<DtiFramework?> FrameworkAsync(string code, CancellationToken ct = default) =>
        await db.DtiFrameworks.AsNoTracking().Include(f => f.Nodes.OrderBy(n => n.SortOrder)).SingleOrDefaultAsync(f => f.Code == code, ct);

    /// <summary>The framework of the same level and issuer that applies to <paramref name="year"/> (versions follow each other).</summary>
    public async Task<DtiFramework?> ForYearAsync(DtiFramework like, int year, CancellationToken ct = default)
    {
        var candidates = await db.DtiFrameworks.AsNoTracking().Include(f => f.Nodes.OrderBy(n => n.SortOrder))
            .Where(f => f.Level == like.Level && f.ProvinceId == like.ProvinceId && f.FirstYear <= year).ToListAsync(ct);
        return candidates.Where(f => f.AppliesTo(year)).OrderByDescending(f => f.FirstYear).FirstOrDefault();
    }

    public static FrameworkModel Model(DtiFramework f) => new([.. f.Nodes.OrderBy(n => n.SortOrder).Select(n => n.ToModel())]);

    /// <summary>
    /// Scores every assessment of a framework and year that has left draft (drafts only with <paramref name="withDrafts"/>),
    /// ranks them, and adds last year's figures (under the framework that applied then).
    /// </summary>
    public async Task<YearScores> ScoresAsync(DtiFramework f, int year, bool withDrafts = false, bool withBefore = true, CancellationToken ct = default)
    {
        var model = Model(f);
        var assessments = await db.DtiAssessments.AsNoTracking().Include(a => a.Items).Include(a => a.OrgUnit)
            .Where(a => a.FrameworkId == f.Id && a.Year == year && (withDrafts || a.State != AssessmentState.Draft))
            .OrderBy(a => a.OrgUnit.Code).ToListAsync(ct);

        // Components computed from reported figures: the yearly value of the node's data element, where the unit typed nothing.
        var fed = f.Nodes.Where(n => n.InputElementCode is not null).ToDictionary(n => n.Code, n => n.InputElementCode!);
        var reported = new Dictionary<(string, int), double>();
        if (fed.Count > 0)
        {
            var codes = fed.Values.Distinct().ToList();
            var period = year.ToString(System.Globalization.CultureInfo.InvariantCulture);
            foreach (var v in await db.DataValues.AsNoTracking().Where(v => codes.Contains(v.DataElement.Code) && v.Period == period)
                .Select(v => new { v.DataElement.Code, v.OrgUnitId, v.Value }).ToListAsync(ct))
            {
                reported[(v.Code, v.OrgUnitId)] = v.Value;
            }
        }

        var u = assessments.Count;
        var l = model.Leaves.Length;
        var a = new double[u * l];
        var b = new double[u * l];
        Array.Fill(a, double.NaN);
        Array.Fill(b, double.NaN);
        for (var i = 0; i < u; i++)
        {
            foreach (var item in assessments[i].Items)
            {
                var j = model.LeafOf(model.IndexOf(item.NodeCode));
                if (j >= 0)
                {
                    a[(i * l) + j] = item.EffectiveA;
                    b[(i * l) + j] = item.EffectiveB;
                }
            }

            foreach (var (node, element) in fed)
            {
                var j = model.LeafOf(model.IndexOf(node));
                if (j >= 0 && double.IsNaN(a[(i * l) + j]) && reported.TryGetValue((element, assessments[i].OrgUnitId), out var value))
                {
                    a[(i * l) + j] = value;
                }
            }
        }

        var points = new double[u * model.Count];
        var totals = new double[u];
        DtiEngine.Score(model, u, a, b, new int[u], points, totals);
        var normalised = new double[u];
        for (var i = 0; i < u; i++)
        {
            normalised[i] = assessments[i].PublishedScore ?? (model.TotalMax > 0 ? totals[i] / model.TotalMax : 0);
        }

        var ranks = new int[u];
        DtiEngine.Rank(normalised, new int[u], ranks);

        YearScores? before = null;
        if (withBefore && await ForYearAsync(f, year - 1, ct) is { } previous)
        {
            before = await ScoresAsync(previous, year - 1, withDrafts: false, withBefore: false, ct);
        }

        var list = new List<UnitScore>(u);
        for (var i = 0; i < u; i++)
        {
            var x = assessments[i];
            var last = before?.Units.FirstOrDefault(s => s.UnitId == x.OrgUnitId);
            var nodes = new NodeScore[model.Count];
            for (var k = 0; k < model.Count; k++)
            {
                var n = model.Nodes[k];
                nodes[k] = new NodeScore(n.Code, n.Name ?? n.Code, n.Kind, points[(i * model.Count) + k], n.Max);
            }

            list.Add(new UnitScore(x.OrgUnitId, x.OrgUnit.Code, x.OrgUnit.Name, x.State, x.Origin, totals[i], model.TotalMax, normalised[i],
                x.PublishedRank ?? ranks[i], last?.Normalised, last?.Rank, x.IsDemo, x.Source, nodes));
        }

        return new YearScores(f, model, year, [.. list.OrderBy(s => s.Rank).ThenBy(s => s.UnitCode, StringComparer.Ordinal)], before);
    }

    /// <summary>Why a unit's score and rank changed since last year, what would raise it most, and the peer median per main index.</summary>
    public async Task<ExplainResult?> ExplainAsync(DtiFramework f, int year, string unitCode, CancellationToken ct = default)
    {
        var scores = await ScoresAsync(f, year, ct: ct);
        var unit = scores.Units.FirstOrDefault(s => s.UnitCode == unitCode);
        if (unit is null)
        {
            return null;
        }

        var model = scores.Model;
        var peers = scores.Units.Where(s => s.UnitId != unit.UnitId).ToList();
        var names = scores.Units.ToDictionary(s => s.UnitCode, s => s.UnitName);
        Explanation? change = null;
        if (scores.Before?.Units.FirstOrDefault(s => s.UnitId == unit.UnitId) is { } last)
        {
            // Totals are compared as points under each year's framework; peers move by their normalised value.
            var moves = new Dictionary<string, (double, double)>();
            foreach (var p in peers)
            {
                if (scores.Before.Units.FirstOrDefault(s => s.UnitId == p.UnitId) is { } pb)
                {
                    moves[p.UnitCode] = (pb.Normalised * last.Max, p.Normalised * unit.Max);
                }
            }

            var before = new Explain.Year(scores.Before.Model, last.Nodes.ToDictionary(n => n.Code, n => n.Points), last.Total, last.Rank);
            var after = new Explain.Year(model, unit.Nodes.ToDictionary(n => n.Code, n => n.Points), unit.Total, unit.Rank);
            change = Explain.Change(before, after, moves);
        }

        var row = unit.Nodes.Select(n => n.Points).ToArray();
        var peerTotals = peers.Select(p => p.Total).ToArray();
        var median = model.Mains.ToDictionary(i => model.Nodes[i].Code, i => DtiEngine.Median(peers.Select(p => p.Nodes[i].Points)));
        return new ExplainResult(unit, scores, change, Explain.WhatIfs(model, row, unit.Total, peerTotals),
            Explain.WhatIfs(model, row, unit.Total, peerTotals, 10), median, names);
    }
}
