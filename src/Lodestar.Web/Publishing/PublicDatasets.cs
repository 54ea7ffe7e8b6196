using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Lodestar.Common;
using Lodestar.Progress;
using Lodestar.Publishing;

namespace Lodestar.Web.Publishing;

public sealed record DatasetColumn(string Name, string Type, string Vi, string En);

/// <summary>One published table as rows of typed cells (string, number, date, instant or null).</summary>
public sealed record Dataset(string Name, string TitleVi, string TitleEn, string DescriptionVi, string DescriptionEn, string Contact, DateTime? LastUpdate,
    IReadOnlyList<DatasetColumn> Columns, IReadOnlyList<object?[]> Rows);

/// <summary>Filters a dataset download accepts (each dataset uses the ones that apply to it).</summary>
public sealed record DatasetFilter(string? Target = null, string? Unit = null, string? Period = null, string? Framework = null, int? Year = null);

/// <summary>
/// The open data: every published table as CSV (UTF-8 with a BOM for Excel, or plain UTF-8) and JSON, and the bulk
/// archive with a data dictionary. Numbers are written invariant and unrounded, as stored in the published snapshot.
/// </summary>
public sealed class PublicDatasets(PublicData data, PublicOptions options)
{
    public static readonly string[] Names = ["programmes", "targets", "target-values", "target-revisions", "dti-rankings"];

    public async Task<Dataset?> BuildAsync(string name, DatasetFilter filter, CancellationToken ct = default) => name switch
    {
        "programmes" => await ProgrammesAsync(ct),
        "targets" => await TargetsAsync(filter, ct),
        "target-values" => await ValuesAsync(filter, ct),
        "target-revisions" => await RevisionsAsync(filter, ct),
        "dti-rankings" => await RankingsAsync(filter, ct),
        _ => null,
    };

    private async Task<Dataset> ProgrammesAsync(CancellationToken ct)
    {
        var list = await data.ProgrammesAsync(ct);
        return new Dataset("programmes", "Chương trình chuyển đổi số", "Digital transformation programmes",
            "Các chương trình, kế hoạch của tỉnh đã công bố, với văn bản và các trụ cột.", "The province's published programmes and plans, with their document and pillars.",
            options.Contact, list.Count == 0 ? null : list.Max(p => p.UpdatedAt),
            [
                new("programme_code", "text", "Mã chương trình", "Programme code"),
                new("name", "text", "Tên", "Name"),
                new("name_en", "text", "Tên tiếng Anh", "Name in English"),
                new("document_number", "text", "Số văn bản", "Document number"),
                new("issued_on", "date", "Ngày ban hành", "Issued on"),
                new("issuer", "text", "Cơ quan ban hành", "Issuer"),
                new("province_code", "text", "Mã tỉnh (mã thống kê)", "Province code (statistics office)"),
                new("province_name", "text", "Tỉnh", "Province"),
                new("start_year", "integer", "Năm bắt đầu", "First year"),
                new("end_year", "integer", "Năm kết thúc", "Last year"),
                new("pillars", "text", "Các trụ cột (phân cách bằng ;)", "Pillars (separated by ;)"),
                new("published_at", "datetime", "Thời điểm công bố (UTC)", "Published at (UTC)"),
                new("updated_at", "datetime", "Cập nhật lần cuối (UTC)", "Last update (UTC)"),
            ],
            [.. list.Select(p => new object?[]
            {
                p.Code, p.Name, p.NameEn, p.DocumentNumber, p.IssuedOn, p.Issuer, p.ProvinceCode, p.ProvinceName, p.StartYear, p.EndYear,
                string.Join("; ", p.Pillars.Select(x => x.Name)), p.PublishedAt, p.UpdatedAt,
            })]);
    }

    private async Task<Dataset> TargetsAsync(DatasetFilter filter, CancellationToken ct)
    {
        var list = (await data.TargetsAsync(ct)).Where(t => filter.Target is null || t.Info.Code == filter.Target).ToList();
        return new Dataset("targets", "Chỉ tiêu và chỉ số đo", "Targets and indicators",
            "Mỗi chỉ tiêu đã công bố: định nghĩa chỉ số, mốc cơ sở, các mốc mục tiêu, đơn vị chủ trì, nguồn, trạng thái và số liệu mới nhất.",
            "Each published target: the indicator's definition, baseline, milestones, responsible unit, source, status and latest figure.",
            options.Contact, list.Count == 0 ? null : list.Max(t => t.UpdatedAt),
            [
                new("target_code", "text", "Mã chỉ tiêu", "Target code"),
                new("programme_code", "text", "Mã chương trình", "Programme code"),
                new("pillar", "text", "Trụ cột", "Pillar"),
                new("name", "text", "Tên chỉ tiêu", "Target"),
                new("name_en", "text", "Tên tiếng Anh", "Name in English"),
                new("unit_of_measure", "text", "Đơn vị tính", "Unit of measure"),
                new("indicator_code", "text", "Mã chỉ số đo", "Indicator code"),
                new("definition", "text", "Định nghĩa, cách tính", "Definition"),
                new("baseline_value", "number", "Giá trị mốc cơ sở", "Baseline value"),
                new("baseline_year", "integer", "Năm mốc cơ sở", "Baseline year"),
                new("milestones", "text", "Các mốc (năm: giá trị; …)", "Milestones (year: value; …)"),
                new("responsible_unit", "text", "Đơn vị chủ trì", "Responsible unit"),
                new("data_source", "text", "Nguồn số liệu", "Data source"),
                new("status", "text", "Trạng thái (achieved, on-track, at-risk, off-track, no-data)", "Status (achieved, on-track, at-risk, off-track, no-data)"),
                new("latest_value", "number", "Số liệu mới nhất của tỉnh", "Province's latest figure"),
                new("latest_period", "text", "Kỳ của số liệu mới nhất", "Period of the latest figure"),
                new("forecast", "text", "Câu dự báo", "Forecast sentence"),
                new("published_at", "datetime", "Thời điểm công bố (UTC)", "Published at (UTC)"),
                new("updated_at", "datetime", "Cập nhật lần cuối (UTC)", "Last update (UTC)"),
            ],
            [.. list.Select(t => new object?[]
            {
                t.Info.Code, t.Info.ProgrammeCode, t.Info.PillarName, t.Info.Name, t.Info.NameEn ?? t.Info.Indicator.NameEn, t.Info.Unit, t.Info.Indicator.Code,
                t.Definition.Vi, t.Info.BaselineValue, t.Info.BaselineYear,
                string.Join("; ", t.Info.Milestones.Select(m => string.Create(CultureInfo.InvariantCulture, $"{m.Year}: {ForecastText.Op(t.Info.Comparator)} {m.Value}"))),
                t.ResponsibleUnit, t.Info.DataSource, t.Status.Status.ToApi(), t.Latest?.Value, t.Latest?.Period, t.Sentence.Vi, t.PublishedAt, t.UpdatedAt,
            })]);
    }

    private static readonly DatasetColumn[] FigureColumns =
    [
        new("target_code", "text", "Mã chỉ tiêu", "Target code"),
        new("unit_code", "text", "Mã đơn vị (mã thống kê, hoặc mã của tỉnh cho sở, ngành)", "Unit code (statistics office, or the province's code for agencies)"),
        new("unit_name", "text", "Tên đơn vị khi công bố", "Unit name when published"),
        new("unit_level", "text", "Cấp (province, district, commune, agency)", "Level (province, district, commune, agency)"),
        new("period", "text", "Kỳ số liệu (2025 = năm, 2026Q3 = quý)", "Period (2025 = year, 2026Q3 = quarter)"),
        new("value", "number", "Giá trị (đã duyệt, như đã công bố)", "Value (approved, as published)"),
        new("revision", "integer", "Lần công bố (1 = lần đầu, từ 2 = đính chính)", "Revision (1 = first publication, 2 and above = corrections)"),
        new("note", "text", "Ghi chú đính chính", "Correction note"),
        new("published_at", "datetime", "Thời điểm công bố lần này (UTC)", "Published at (UTC)"),
    ];

    private async Task<Dataset> ValuesAsync(DatasetFilter filter, CancellationToken ct)
    {
        var rows = await data.ValuesAsync(filter.Target, filter.Unit, filter.Period, ct);
        return new Dataset("target-values", "Số liệu các chỉ tiêu", "Target figures",
            "Số liệu đã duyệt và đã công bố của từng chỉ tiêu: tỉnh và các đơn vị trực thuộc, theo kỳ (bản mới nhất của mỗi số liệu).",
            "The approved, published figures of each target: the province and the units below it, by period (latest revision of each).",
            options.Contact, rows.Count == 0 ? null : rows.Max(r => r.Target.UpdatedAt), FigureColumns,
            [.. rows.Select(r => Figure(r.Target.Info.Code, r.Figure))]);
    }

    private async Task<Dataset> RevisionsAsync(DatasetFilter filter, CancellationToken ct)
    {
        var targets = (await data.TargetsAsync(ct)).Where(t => filter.Target is null || t.Info.Code == filter.Target).ToList();
        return new Dataset("target-revisions", "Lịch sử công bố và đính chính", "Publication and correction history",
            "Mọi lần công bố của từng số liệu, gồm cả giá trị trước khi đính chính.", "Every publication of each figure, earlier values before a correction included.",
            options.Contact, targets.Count == 0 ? null : targets.Max(t => t.UpdatedAt), FigureColumns,
            [.. targets.SelectMany(t => t.History.Where(h => filter.Unit is null || h.UnitCode == filter.Unit).Select(h => Figure(t.Info.Code, h)))]);
    }

    private static object?[] Figure(string target, PublicFigure f) =>
        [target, f.UnitCode, f.UnitName, f.UnitLevel, f.Period, f.Value, f.Revision, f.Note, f.PublishedAt];

    private async Task<Dataset> RankingsAsync(DatasetFilter filter, CancellationToken ct)
    {
        var rows = new List<object?[]>();
        DateTime? last = null;
        foreach (var y in await data.DtiYearsAsync(ct))
        {
            if ((filter.Framework is not null && y.Framework != filter.Framework) || (filter.Year is not null && y.Year != filter.Year))
            {
                continue;
            }

            var year = (await data.DtiYearAsync(y.Framework, y.Year, ct))!;
            last = last is { } l && l > year.UpdatedAt ? l : year.UpdatedAt;
            rows.AddRange(year.Units.Where(u => filter.Unit is null || u.UnitCode == filter.Unit).Select(u => new object?[]
            {
                y.Framework, y.Level.ToApi(), y.Year, u.UnitCode, u.UnitName, u.Rank, u.RankedAmong, u.Score, u.Points, year.MaxPoints, u.RankBefore, y.IsDemo, year.PublishedAt,
                "scored", null, u.RankTo,
            }));

            // The rankings kept as printed (ADR 0012): what the publication printed, nothing computed, missing left empty.
            rows.AddRange(year.Printed.SelectMany(t => t.Units.Where(u => filter.Unit is null || u.UnitCode == filter.Unit).Select(u => new object?[]
            {
                y.Framework, y.Level.ToApi(), y.Year, u.UnitCode, u.UnitName, u.Rank, t.RankedAmong, u.Score, null, null, null, y.IsDemo, year.PublishedAt,
                "printed", t.UnitsOn, u.RankTo,
            })));
        }

        return new Dataset("dti-rankings", "Xếp hạng chỉ số chuyển đổi số (DTI)", "Digital transformation index (DTI) rankings",
            "Kết quả DTI đã được Hội đồng thẩm định xác nhận và công bố: thứ hạng, giá trị chuẩn hóa 0–1, điểm; cùng các bảng xếp hạng do Bộ công bố, giữ nguyên như bản in (basis = printed).",
            "DTI results confirmed by the appraisal council and published: rank, normalised value 0–1, points; with the rankings the ministry published, kept as printed (basis = printed).",
            options.Contact, last,
            [
                new("framework", "text", "Mã bộ chỉ số", "Framework code"),
                new("level", "text", "Cấp đánh giá (province, agency, commune)", "Level (province, agency, commune)"),
                new("year", "integer", "Năm đánh giá", "Year assessed"),
                new("unit_code", "text", "Mã đơn vị", "Unit code"),
                new("unit_name", "text", "Tên đơn vị", "Unit name"),
                new("rank", "integer", "Thứ hạng (đồng hạng: 1, 2, 2, 4)", "Rank (ties: 1, 2, 2, 4)"),
                new("ranked_among", "integer", "Số đơn vị được xếp hạng (27/34: 34)", "Number of units ranked (27/34: 34)"),
                new("score", "number", "Giá trị chuẩn hóa 0–1", "Normalised value 0–1"),
                new("points", "number", "Tổng điểm", "Total points"),
                new("max_points", "number", "Điểm tối đa", "Maximum points"),
                new("rank_before", "integer", "Thứ hạng năm trước (đã công bố)", "Last year's published rank"),
                new("demo", "boolean", "Dữ liệu minh họa", "Demonstration data"),
                new("published_at", "datetime", "Thời điểm công bố (UTC)", "Published at (UTC)"),
                new("basis", "text", "Nguồn: scored (chấm theo bộ chỉ số) hoặc printed (bảng công bố, giữ như bản in)", "Basis: scored (by the framework) or printed (a published table, as printed)"),
                new("units_on", "date", "Bảng công bố: ngày của danh sách đơn vị (63 tỉnh hay 34 tỉnh sau sắp xếp)", "Printed table: the date of its units (63 provinces or the 34 after the merger)"),
                new("rank_to", "integer", "Cuối khoảng hạng khi bản in ghi đồng hạng (32–34: 34)", "End of a shared rank as printed (32–34: 34)"),
            ], rows);
    }

    /// <summary>CSV per RFC 4180, invariant numbers, ISO dates; with <paramref name="bom"/> Excel reads the Vietnamese text as UTF-8.</summary>
    public static byte[] Csv(Dataset d, bool bom)
    {
        var sb = new StringBuilder();
        sb.AppendJoin(',', d.Columns.Select(c => c.Name)).Append("\r\n");
        foreach (var row in d.Rows)
        {
            sb.AppendJoin(',', row.Select(cell => Quote(cell is string text ? Inert(text) : Cell(cell)))).Append("\r\n");
        }

        var body = Encoding.UTF8.GetBytes(sb.ToString());
        return bom ? [.. Encoding.UTF8.Preamble, .. body] : body;
    }

    public static string Cell(object? value) => value switch
    {
        null => "",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        int i => i.ToString(CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        DateOnly date => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime at => at.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };

    /// <summary>
    /// Text that a spreadsheet would run as a formula (it starts with =, +, -, @, a tab or a carriage return: a unit or
    /// target name typed that way) gets a leading apostrophe, so Excel and LibreOffice show it as text (OWASP: CSV injection).
    /// Numbers are never text here, so a negative value keeps its sign.
    /// </summary>
    public static string Inert(string text) => text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + text : text;

    private static string Quote(string text) =>
        text.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;

    /// <summary>The dataset as JSON: its metadata (licence, last update, contact, columns) and the rows as objects.</summary>
    public byte[] Json(Dataset d)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("dataset", d.Name);
            w.WriteString("title", d.TitleVi);
            w.WriteString("titleEn", d.TitleEn);
            w.WriteString("description", d.DescriptionVi);
            w.WriteString("licence", options.Licence);
            w.WriteString("licenceUrl", options.LicenceUrl);
            w.WriteString("contact", d.Contact);
            if (d.LastUpdate is { } last)
            {
                w.WriteString("lastUpdate", Cell(last));
            }
            else
            {
                w.WriteNull("lastUpdate");
            }

            w.WriteStartArray("columns");
            foreach (var c in d.Columns)
            {
                w.WriteStartObject();
                w.WriteString("name", c.Name);
                w.WriteString("type", c.Type);
                w.WriteString("description", c.Vi);
                w.WriteString("descriptionEn", c.En);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteNumber("total", d.Rows.Count);
            w.WriteStartArray("items");
            foreach (var row in d.Rows)
            {
                w.WriteStartObject();
                for (var i = 0; i < d.Columns.Count; i++)
                {
                    var name = Camel(d.Columns[i].Name);
                    switch (row[i])
                    {
                        case null: w.WriteNull(name); break;
                        case double x: w.WriteNumber(name, x); break;
                        case int x: w.WriteNumber(name, x); break;
                        case bool x: w.WriteBoolean(name, x); break;
                        default: w.WriteString(name, Cell(row[i])); break;
                    }
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return stream.ToArray();
    }

    /// <summary>snake_case column → camelCase JSON property (unit_code → unitCode).</summary>
    public static string Camel(string name)
    {
        var parts = name.Split('_');
        return parts[0] + string.Concat(parts.Skip(1).Select(p => char.ToUpperInvariant(p[0]) + p[1..]));
    }

    /// <summary>Every dataset as CSV (with BOM) and JSON, the data dictionary and a README with the licence.</summary>
    public async Task<byte[]> ArchiveAsync(CancellationToken ct = default)
    {
        var sets = new List<Dataset>();
        foreach (var name in Names)
        {
            sets.Add((await BuildAsync(name, new DatasetFilter(), ct))!);
        }

        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            void Add(string path, byte[] bytes)
            {
                var entry = zip.CreateEntry(path, CompressionLevel.Optimal);
                using var s = entry.Open();
                s.Write(bytes);
            }

            foreach (var d in sets)
            {
                Add(d.Name + ".csv", Csv(d, bom: true));
                Add(d.Name + ".json", Json(d));
            }

            var dictionary = new Dataset("data-dictionary", "Từ điển dữ liệu", "Data dictionary", "", "", options.Contact, null,
                [
                    new("dataset", "text", "Bảng", "Dataset"), new("column", "text", "Cột", "Column"), new("type", "text", "Kiểu", "Type"),
                    new("description_vi", "text", "Mô tả", "Description (Vietnamese)"), new("description_en", "text", "Mô tả tiếng Anh", "Description (English)"),
                ],
                [.. sets.SelectMany(d => d.Columns.Select(c => new object?[] { d.Name, c.Name, c.Type, c.Vi, c.En }))]);
            Add("data-dictionary.csv", Csv(dictionary, bom: true));
            var readme = new StringBuilder()
                .AppendLine("Dữ liệu mở chuyển đổi số / Digital transformation open data")
                .AppendLine()
                .AppendLine(CultureInfo.InvariantCulture, $"Giấy phép / Licence: {options.Licence} ({options.LicenceUrl})")
                .AppendLine(CultureInfo.InvariantCulture, $"Liên hệ / Contact: {options.Contact}{(options.ContactEmail is null ? "" : " <" + options.ContactEmail + ">")}")
                .AppendLine(CultureInfo.InvariantCulture, $"Cập nhật / Last update: {Cell(sets.Max(s => s.LastUpdate))}")
                .AppendLine()
                .AppendLine("Chỉ gồm số liệu đã duyệt của các mục đã công bố; đính chính sau công bố là một lần công bố mới (revision) có ghi chú, giá trị cũ vẫn còn trong target-revisions.")
                .AppendLine("Only approved figures of published items; a correction after publication is a new revision with its note, and the earlier value stays in target-revisions.")
                .AppendLine()
                .AppendLine("Tệp / Files: *.csv (UTF-8 with BOM, RFC 4180, numbers with '.' as decimal separator), *.json (same rows), data-dictionary.csv (every column).")
                .AppendLine();
            foreach (var d in sets)
            {
                readme.AppendLine(CultureInfo.InvariantCulture, $"- {d.Name}: {d.TitleVi} / {d.TitleEn} — {d.Rows.Count} rows");
            }

            Add("README.txt", Encoding.UTF8.GetBytes(readme.ToString()));
        }

        return stream.ToArray();
    }
}
