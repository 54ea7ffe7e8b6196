using System.Globalization;
using Lodestar.Common;
using Lodestar.Data;
using Lodestar.OrgUnits;
using Lodestar.Programmes;
using Lodestar.Values;
using Microsoft.EntityFrameworkCore;

namespace Lodestar.Demo;

/// <summary>
/// Programmes, targets and reported values for the demo. The programmes and targets are those stated in the
/// source documents and the national decisions they cite (data/demo/seed_targets.csv); rows of one programme
/// with the same name become one target with several milestones. Lạng Sơn's programme also adopts five national
/// targets (marked so). Every value is generated from a fixed seed around a plausible provincial curve:
/// demonstration data, not statistics.
/// </summary>
public sealed class ProgrammeDemo(LodestarDbContext db)
{
    private const string Note = "Dữ liệu minh hoạ (demo), không phải số liệu thống kê.";

    private sealed record ElementDef(string Code, string Name, string NameEn, string Unit, double? Max = null);

    private static readonly ElementDef[] Elements =
    [
        new("HH_TOTAL", "Số hộ gia đình", "Households", "hộ"),
        new("HH_FIBRE", "Số hộ gia đình có cáp quang băng rộng", "Households with fibre broadband", "hộ"),
        new("HH_ESTORE", "Số hộ gia đình có cửa hàng số và tài khoản thanh toán điện tử", "Households with a digital shop and an e-payment account", "hộ"),
        new("SCH_TOTAL", "Số trường học", "Schools", "trường"),
        new("SCH_DIGITAL", "Số trường học sử dụng nền tảng số trong giảng dạy và quản lý", "Schools using digital platforms for teaching and management", "trường"),
        new("ADULT_TOTAL", "Dân số trưởng thành", "Adult population", "người"),
        new("ADULT_PHONE", "Số người trưởng thành có điện thoại thông minh", "Adults with a smartphone", "người"),
        new("POP_TOTAL", "Dân số", "Population", "người"),
        new("POP_5G", "Dân số được phủ sóng 5G", "Population covered by 5G", "người"),
        new("DVC_ELIGIBLE", "Số dịch vụ công đủ điều kiện cung cấp trực tuyến mức độ 4", "Public services eligible for level-4 online provision", "dịch vụ"),
        new("DVC_L4", "Số dịch vụ công trực tuyến mức độ 4 đang cung cấp", "Level-4 online public services provided", "dịch vụ"),
        new("SDB_TOTAL", "Số cơ sở dữ liệu dùng chung", "Shared databases", "CSDL"),
        new("SDB_CLOUD", "Số cơ sở dữ liệu dùng chung hoạt động trên nền tảng điện toán đám mây của tỉnh", "Shared databases running on the provincial cloud", "CSDL"),
        new("FILES_TOTAL", "Số hồ sơ công việc", "Work files", "hồ sơ"),
        new("FILES_ONLINE", "Số hồ sơ công việc được xử lý trên môi trường mạng", "Work files processed online", "hồ sơ"),
        new("VA_PCT", "Tỷ lệ người dân và doanh nghiệp có trợ lý ảo hỗ trợ thực hiện thủ tục hành chính", "People and businesses with a virtual assistant for administrative procedures", "%", 100),
        new("ONLINE_PCT", "Tỷ lệ người dân và doanh nghiệp sử dụng dịch vụ công trực tuyến", "People and businesses using online public services", "%", 100),
        new("DE_SHARE", "Tỷ trọng kinh tế số trong GRDP", "Digital economy share of GRDP", "%", 100),
        new("DTI_RANK", "Thứ hạng chỉ số chuyển đổi số (DTI) cấp tỉnh", "Provincial DTI rank", "hạng", 63),
        new("DIGITAL_ID_PCT", "Tỷ lệ dân số có danh tính số", "Population with a digital identity", "%", 100),
        new("STEM_PCT", "Tỷ lệ học sinh được tiếp cận giáo dục STEM", "Pupils with access to STEM education", "%", 100),
        new("SKILLS_PCT", "Tỷ lệ trường học tổ chức giảng dạy kỹ năng số", "Schools teaching digital skills", "%", 100),
        new("LEADERS_PCT", "Tỷ lệ cán bộ lãnh đạo có chuyên môn về khoa học kỹ thuật", "Leaders with a science or engineering background", "%", 100),
        new("PAYMENT_PCT", "Tỷ lệ dân số từ 15 tuổi trở lên có tài khoản giao dịch thanh toán", "Population aged 15+ with a payment account", "%", 100),
        new("COMMUNE_COVER_PCT", "Tỷ lệ xã, phường, thị trấn được phủ hạ tầng băng rộng cáp quang và 5G", "Communes covered by fibre and 5G", "%", 100),
        new("TASKS_EMON_PCT", "Tỷ lệ nhiệm vụ được theo dõi, giám sát trên môi trường điện tử", "Tasks tracked and monitored electronically", "%", 100),
    ];

    // Ratio indicators: code → (numerator, denominator). Everything else is the element itself.
    private static readonly Dictionary<string, (string Num, string Den)> Ratios = new()
    {
        ["HH_FIBRE_PCT"] = ("HH_FIBRE", "HH_TOTAL"),
        ["HH_ESTORE_PCT"] = ("HH_ESTORE", "HH_TOTAL"),
        ["SCH_DIGITAL_PCT"] = ("SCH_DIGITAL", "SCH_TOTAL"),
        ["ADULT_PHONE_PCT"] = ("ADULT_PHONE", "ADULT_TOTAL"),
        ["POP_5G_PCT"] = ("POP_5G", "POP_TOTAL"),
        ["DVC_L4_PCT"] = ("DVC_L4", "DVC_ELIGIBLE"),
        ["SDB_CLOUD_PCT"] = ("SDB_CLOUD", "SDB_TOTAL"),
        ["FILES_ONLINE_PCT"] = ("FILES_ONLINE", "FILES_TOTAL"),
    };

    private static readonly Dictionary<string, string> IndicatorOfTarget = new()
    {
        ["BP-01"] = "DTI_RANK", ["BP-02"] = "DE_SHARE", ["BP-03"] = "ONLINE_PCT", ["BP-04"] = "POP_5G_PCT", ["BP-05"] = "DIGITAL_ID_PCT",
        ["BP-06"] = "STEM_PCT", ["BP-07"] = "SKILLS_PCT", ["BP-08"] = "LEADERS_PCT",
        ["BD-01"] = "FILES_ONLINE_PCT", ["BD-02"] = "DE_SHARE", ["BD-03"] = "ADULT_PHONE_PCT", ["BD-04"] = "PAYMENT_PCT", ["BD-05"] = "HH_FIBRE_PCT", ["BD-06"] = "COMMUNE_COVER_PCT",
        ["LS-01"] = "DVC_L4_PCT", ["LS-02"] = "SCH_DIGITAL_PCT", ["LS-03"] = "VA_PCT", ["LS-04"] = "SDB_CLOUD_PCT", ["LS-05"] = "HH_ESTORE_PCT",
        ["QN-01"] = "DTI_RANK",
        ["VN-01"] = "DE_SHARE", ["VN-03"] = "ADULT_PHONE_PCT", ["VN-04"] = "PAYMENT_PCT", ["VN-05"] = "HH_FIBRE_PCT", ["VN-06"] = "ONLINE_PCT",
        ["VN-07"] = "TASKS_EMON_PCT", ["VN-08"] = "POP_5G_PCT",
    };

    private sealed record ProgrammeDef(string Code, string Name, string? Number, DateOnly? IssuedOn, string? Issuer, string? Province, int Start, int End, string[] Pillars);

    private static readonly ProgrammeDef[] Programmes =
    [
        new("LS-BCD", "Chuyển đổi số tỉnh Lạng Sơn: các chỉ tiêu đến năm 2025, định hướng đến năm 2030", null, null, "Ban Chỉ đạo chuyển đổi số tỉnh Lạng Sơn", "20", 2021, 2030,
            ["Chuyển đổi số trong cơ quan Đảng", "Chính quyền số", "Kinh tế số", "Xã hội số", "Cửa khẩu số"]),
        new("BP-NQ04", "Nghị quyết về chuyển đổi số tỉnh Bình Phước đến năm 2025", "04-NQ/TU", new DateOnly(2021, 5, 18), "Tỉnh ủy Bình Phước", "70", 2021, 2030,
            ["Chính quyền số", "Kinh tế số", "Xã hội số", "Hạ tầng số", "Nhân lực số"]),
        new("BD-NQ05", "Nghị quyết về chuyển đổi số tỉnh Bình Dương đến năm 2025, định hướng đến năm 2030", "05-NQ/TU", new DateOnly(2022, 5, 19), "Ban Thường vụ Tỉnh ủy Bình Dương", "74", 2022, 2030,
            ["Chính quyền số", "Kinh tế số", "Xã hội số", "Công dân số", "Hạ tầng số"]),
        new("QN-CT19", "Chỉ thị về tăng cường sự lãnh đạo, chỉ đạo của Đảng đối với chuyển đổi số tỉnh Quảng Ngãi đến năm 2025, định hướng đến năm 2030", "19-CT/TU", null, "Ban Thường vụ Tỉnh ủy Quảng Ngãi", "51", 2021, 2030, []),
        new("VN-411", "Chiến lược quốc gia phát triển kinh tế số và xã hội số đến năm 2025, định hướng đến năm 2030", "411/QĐ-TTg", new DateOnly(2022, 3, 31), "Thủ tướng Chính phủ", null, 2022, 2030,
            ["Kinh tế số", "Xã hội số", "Hạ tầng số"]),
        new("VN-NQ57", "Nghị quyết về đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia", "57-NQ/TW", new DateOnly(2024, 12, 22), "Bộ Chính trị", null, 2025, 2030,
            ["Chính quyền số", "Hạ tầng số"]),
    ];

    // Lạng Sơn adopts these national targets in its own programme (demo), with the province's demo baseline.
    private sealed record Adopted(string Code, string From, string Pillar, string Indicator, double Baseline, int BaselineYear, (int Year, double Value)[] Milestones, PathShape Shape = PathShape.Linear);

    private static readonly Adopted[] LangSonAdopted =
    [
        new("LS-06", "VN-05", "Xã hội số", "HH_FIBRE_PCT", 45, 2020, [(2025, 80)]),
        new("LS-07", "VN-06", "Chính quyền số", "ONLINE_PCT", 10, 2020, [(2030, 80)]),
        new("LS-08", "VN-08", "Xã hội số", "POP_5G_PCT", 0, 2022, [(2030, 99)]),
        new("LS-09", "VN-01", "Kinh tế số", "DE_SHARE", 6.5, 2020, [(2025, 20), (2030, 30)]),
        new("LS-10", "VN-03", "Xã hội số", "ADULT_PHONE_PCT", 55, 2020, [(2025, 80)]),
    ];

    // The province's curve for each indicator (year → %, or rank), around which units are generated.
    private static readonly Dictionary<string, double[]> Curves = new()
    {
        // 2020 … 2026
        ["DVC_L4_PCT"] = [30, 55, 80, 92, 98, 100, 100],
        ["SCH_DIGITAL_PCT"] = [20, 38, 60, 78, 92, 100, 100],
        ["SDB_CLOUD_PCT"] = [10, 30, 55, 75, 90, 100, 100],
        ["HH_ESTORE_PCT"] = [5, 12, 22, 33, 42, 51, 55],
        ["HH_FIBRE_PCT"] = [45, 52, 58, 64, 69, 74, 77],
        ["ADULT_PHONE_PCT"] = [55, 61, 66, 71, 76, 81, 83],
        ["POP_5G_PCT"] = [0, 0, 0, 8, 18, 30, 38],
        ["VA_PCT"] = [0, 0, 10, 45, 80, 100, double.NaN],
        ["ONLINE_PCT"] = [10, 18, 27, 35, 41, 46, 50],
        ["DE_SHARE"] = [6.5, 7.2, 8.0, 8.9, 9.6, 10.8, double.NaN],
        ["DTI_RANK"] = [double.NaN, 16, 14, 12, 15, 11, double.NaN], // 2021: 16th of 63 (source 004); later years invented
    };

    private readonly Random _random = new(2025);

    public async Task SeedAsync(CancellationToken ct = default)
    {
        if (await db.Programmes.AnyAsync(ct))
        {
            return;
        }

        var elements = Elements.Select(e => new DataElement
        {
            Code = e.Code, Name = e.Name, NameEn = e.NameEn, Unit = e.Unit, MinValue = e.Unit == "hạng" ? 1 : 0, MaxValue = e.Max,
            WholeNumbers = e.Unit != "%",
            TimeAggregation = TimeAggregation.Last,
        }).ToDictionary(e => e.Code);
        db.DataElements.AddRange(elements.Values);
        var indicators = new Dictionary<string, Indicator>();
        foreach (var e in Elements.Where(e => e.Unit is "%" or "hạng"))
        {
            indicators[e.Code] = new Indicator
            {
                Code = e.Code, Name = e.Name, NameEn = e.NameEn, Unit = e.Unit, Kind = IndicatorKind.Direct, Element = elements[e.Code],
                Aggregation = e.Code is "DE_SHARE" or "DTI_RANK" ? Aggregation.None : Aggregation.Mean,
            };
        }

        foreach (var (code, (num, den)) in Ratios)
        {
            var name = TargetNameFor(code);
            indicators[code] = new Indicator
            {
                Code = code, Name = name.Vi, NameEn = name.En, Unit = "%", Kind = IndicatorKind.Ratio,
                Element = elements[num], Denominator = elements[den], Factor = 100, Aggregation = Aggregation.WeightedMean,
            };
        }

        db.Indicators.AddRange(indicators.Values);
        await db.SaveChangesAsync(ct);

        var provinceUnits = await db.OrgUnits.Where(u => u.Level == OrgUnitLevel.Province && u.IsOfficial).ToListAsync(ct);
        var seeds = ReadSeedTargets();
        foreach (var def in Programmes)
        {
            var programme = new Programme
            {
                Code = def.Code, Name = def.Name, DocumentNumber = def.Number, IssuedOn = def.IssuedOn, Issuer = def.Issuer,
                Province = def.Province is null ? null : provinceUnits.Where(p => p.Code == def.Province).OrderBy(p => p.ValidTo == null).First(),
                StartYear = def.Start, EndYear = def.End,
                Source = string.Join("; ", seeds.Where(s => s.Programme == def.Code).Select(s => s.Source).Distinct()),
                Pillars = [.. def.Pillars.Select((p, i) => new Pillar { Name = p, NameEn = PillarEn(p), SortOrder = i })],
            };
            db.Programmes.Add(programme);
            var order = 0;
            foreach (var group in seeds.Where(s => s.Programme == def.Code).GroupBy(s => s.Name))
            {
                var first = group.First();
                var pillar = PillarFor(programme, first.Pillar);
                var target = new Target
                {
                    Code = first.Code, Programme = programme, Pillar = pillar, Name = first.Name, Unit = first.Unit,
                    Comparator = first.Comparator, Direction = first.Comparator is Comparator.AtMost or Comparator.LessThan ? Direction.LowerIsBetter : Direction.HigherIsBetter,
                    Indicator = indicators[IndicatorOfTarget[first.Code]], SortOrder = order++,
                    DataSource = $"{first.Source}",
                    Notes = group.Count() > 1 ? $"Gộp các dòng {string.Join(", ", group.Select(g => g.Code))} của danh sách chỉ tiêu (cùng chỉ tiêu, nhiều mốc)." : null,
                    Milestones = [.. group.Select(g => new TargetMilestone { Year = g.Year, Value = g.Value })],
                };
                if (def.Code == "LS-BCD")
                {
                    target.BaselineYear = 2020;
                    target.BaselineValue = Curves[IndicatorOfTarget[first.Code]][0];
                    target.Notes = "Mốc cơ sở năm 2020 là dữ liệu minh hoạ. " + target.Notes;
                }

                db.Targets.Add(target);
            }

            if (def.Code == "LS-BCD")
            {
                foreach (var a in LangSonAdopted)
                {
                    var source = seeds.First(s => s.Code == a.From);
                    db.Targets.Add(new Target
                    {
                        Code = a.Code, Programme = programme, Pillar = PillarFor(programme, a.Pillar), Name = source.Name, Unit = source.Unit,
                        Comparator = source.Comparator, Direction = Direction.HigherIsBetter, Indicator = indicators[a.Indicator],
                        BaselineValue = a.Baseline, BaselineYear = a.BaselineYear, PathShape = a.Shape, SortOrder = order++,
                        DataSource = source.Source,
                        Notes = $"Chỉ tiêu quốc gia {a.From} được tỉnh áp dụng (minh hoạ); mốc cơ sở là dữ liệu minh hoạ.",
                        Milestones = [.. a.Milestones.Select(m => new TargetMilestone { Year = m.Year, Value = m.Value })],
                    });
                }
            }
        }

        await db.SaveChangesAsync(ct);
        await AssignResponsibilityAsync(ct);
        await AddValuesAsync(elements, ct);
    }

    // The Department of Science and Technology answers for the province's targets; the education department for schools.
    private async Task AssignResponsibilityAsync(CancellationToken ct)
    {
        var agencies = await db.OrgUnits.Where(u => u.Code.StartsWith(DemoSeeder.ProvinceCode + ".") && u.Level == OrgUnitLevel.Agency)
            .ToDictionaryAsync(u => u.Code, ct);
        var heads = await db.Positions.Where(p => p.IsHead).ToDictionaryAsync(p => p.OrgUnitId, ct);
        foreach (var target in await db.Targets.Include(t => t.Programme).Where(t => t.Programme.Code == "LS-BCD").ToListAsync(ct))
        {
            var code = target.Code is "LS-02" ? "20.SGDDT" : target.Code is "LS-09" ? "20.STC" : "20.SKHCN";
            if (agencies.TryGetValue(code, out var unit))
            {
                target.ResponsibleUnitId = unit.Id;
                target.AccountablePositionId = heads.GetValueOrDefault(unit.Id)?.Id;
            }
        }

        await db.SaveChangesAsync(ct);
    }

    private async Task AddValuesAsync(Dictionary<string, DataElement> elements, CancellationToken ct)
    {
        var province = await db.OrgUnits.SingleAsync(u => u.Code == DemoSeeder.ProvinceCode && u.Level == OrgUnitLevel.Province && u.ValidTo == null, ct);
        var oldCommunes = await UnitsBelowAsync(province.Id, new DateOnly(2024, 12, 31), OrgUnitLevel.Commune, ct);
        var newCommunes = await UnitsBelowAsync(province.Id, new DateOnly(2025, 12, 31), OrgUnitLevel.Commune, ct);
        var agencies = await UnitsBelowAsync(province.Id, new DateOnly(2025, 12, 31), OrgUnitLevel.Agency, ct);
        var values = new List<DataValue>();
        var added = new HashSet<(string, int, string)>();

        // Denominators are shared (households count for two ratios): each is added once.
        void Add(string element, OrgUnit unit, string period, double value)
        {
            if (!added.Add((element, unit.Id, period)))
            {
                return;
            }

            var p = Period.Parse(period);
            values.Add(new DataValue
            {
                DataElementId = elements[element].Id, OrgUnitId = unit.Id, Period = p.Code, PeriodType = p.Type,
                StartOn = p.Start, EndOn = p.End, Value = Math.Round(value, 2),
            });
        }

        // Commune ratios: each commune has its own offset from the provincial curve and its own size; a few miss a year.
        string[] communeRatios = ["HH_FIBRE_PCT", "HH_ESTORE_PCT", "SCH_DIGITAL_PCT", "ADULT_PHONE_PCT", "POP_5G_PCT"];
        foreach (var (communes, periods) in new[]
        {
            (oldCommunes, new[] { ("2020", 0), ("2021", 1), ("2022", 2), ("2023", 3), ("2024", 4) }),
            (newCommunes, new[] { ("2025", 5), ("2026Q1", 6), ("2026Q2", 6), ("2026Q3", 6) }),
        })
        {
            foreach (var commune in communes)
            {
                var size = communes == newCommunes ? 2.5 + (_random.NextDouble() * 4) : 0.6 + _random.NextDouble();
                var offset = (_random.NextDouble() - 0.5) * 16;
                var late = _random.NextDouble() < 0.1;
                foreach (var code in communeRatios)
                {
                    var (num, den) = Ratios[code];
                    var total = Math.Round(size * (code switch { "SCH_DIGITAL_PCT" => 4, "POP_5G_PCT" => 4000, "ADULT_PHONE_PCT" => 2800, _ => 1000 }));
                    foreach (var (period, year) in periods)
                    {
                        if ((late && period == "2026Q3") || _random.NextDouble() < 0.04)
                        {
                            continue;
                        }

                        var quarterLag = period switch { "2026Q1" => -2.5, "2026Q2" => -1.2, _ => 0 };
                        var pct = Math.Clamp(Curves[code][year] + offset + quarterLag + ((_random.NextDouble() - 0.5) * 4), 0, 100);
                        if (Curves[code][year] is 0 or 100)
                        {
                            pct = Curves[code][year];
                        }

                        Add(den, commune, period, total);
                        Add(num, commune, period, Math.Round(total * pct / 100));
                    }
                }
            }
        }

        // Agency-reported services and databases: the province reported its totals until the agencies were set up in 2025.
        foreach (var code in new[] { "DVC_L4_PCT", "SDB_CLOUD_PCT" })
        {
            var (num, den) = Ratios[code];
            for (var year = 2020; year <= 2024; year++)
            {
                var total = code == "DVC_L4_PCT" ? 900 + ((year - 2020) * 40) : 20 + ((year - 2020) * 3);
                Add(den, province, $"{year}", total);
                Add(num, province, $"{year}", Math.Round(total * Curves[code][year - 2020] / 100));
            }

            for (var i = 0; i < agencies.Count; i++)
            {
                var total = Math.Round(code == "DVC_L4_PCT" ? 20 + (_random.NextDouble() * 80) : 1 + (_random.NextDouble() * 3));

                // Agencies do not all keep up with the province's curve: one in five is on it, the others lag by 6 to 24
                // points (were all at 100%, every agency head then scored 100 on targets).
                var lag = i * 7 % 5 * 6.0;
                foreach (var period in new[] { "2025", "2026Q1", "2026Q2", "2026Q3" })
                {
                    Add(den, agencies[i], period, total);
                    Add(num, agencies[i], period, Math.Round(total * Math.Max(0, Curves[code][Period.Parse(period).Year - 2020] - lag) / 100));
                }
            }
        }

        foreach (var code in new[] { "VA_PCT", "ONLINE_PCT", "DE_SHARE", "DTI_RANK" })
        {
            for (var i = 0; i < 7; i++)
            {
                if (!double.IsNaN(Curves[code][i]))
                {
                    Add(code, province, i == 6 ? "2026Q3" : $"{2020 + i}", Curves[code][i]);
                }
            }
        }

        // ~11,000 values and their history written straight (Data/DirectInsert), not tracked: the seeding's largest write.
        // Stamped and joined to the change feed as a save would; the values' history says who put them there.
        var now = db.UtcNow;
        await DirectInsert.InTransactionAsync(db, async () =>
        {
            var batch = await ChangeFeed.JoinAsync(db, ChangeKinds.Values, rebuild: false, ct);
            foreach (var v in values)
            {
                (v.BatchId, v.CreatedAt, v.UpdatedAt, v.CreatedBy, v.UpdatedBy) = (batch, now, now, db.ActorName, db.ActorName);
            }

            await DirectInsert.InsertAsync(db, values, ct);
            await DirectInsert.InsertAsync(db, values.Select(v => new DataValueChange
            {
                DataElementId = v.DataElementId, OrgUnitId = v.OrgUnitId, Period = v.Period, NewValue = v.Value, At = now, By = "demo",
                Comment = Note,
            }).ToList(), ct);
        }, ct);
    }

    private async Task<List<OrgUnit>> UnitsBelowAsync(int rootId, DateOnly date, OrgUnitLevel level, CancellationToken ct)
    {
        var ids = await new OrgUnitQueries(db).SubtreeIdsAsync(rootId, date, ct);
        return await db.OrgUnits.Where(u => ids.Contains(u.Id) && u.Level == level).OrderBy(u => u.Code).ToListAsync(ct);
    }

    private static Pillar? PillarFor(Programme programme, string name)
    {
        if (name == "Tổng thể")
        {
            return null;
        }

        var pillar = programme.Pillars.FirstOrDefault(p => p.Name == name);
        if (pillar is null)
        {
            pillar = new Pillar { Name = name, NameEn = PillarEn(name), SortOrder = programme.Pillars.Count };
            programme.Pillars.Add(pillar);
        }

        return pillar;
    }

    private static string? PillarEn(string name) => name switch
    {
        "Chính quyền số" => "Digital government",
        "Kinh tế số" => "Digital economy",
        "Xã hội số" => "Digital society",
        "Công dân số" => "Digital citizens",
        "Hạ tầng số" => "Digital infrastructure",
        "Nhân lực số" => "Digital workforce",
        "Chuyển đổi số trong cơ quan Đảng" => "Digital transformation in Party bodies",
        "Cửa khẩu số" => "Digital border gates",
        _ => null,
    };

    private static Msg TargetNameFor(string ratio) => ratio switch
    {
        "HH_FIBRE_PCT" => new("Tỷ lệ hộ gia đình có cáp quang băng rộng", "Households with fibre broadband (%)"),
        "HH_ESTORE_PCT" => new("Tỷ lệ hộ gia đình có cửa hàng số và tài khoản thanh toán điện tử", "Households with a digital shop and e-payment account (%)"),
        "SCH_DIGITAL_PCT" => new("Tỷ lệ trường học sử dụng nền tảng số trong giảng dạy và quản lý", "Schools using digital platforms (%)"),
        "ADULT_PHONE_PCT" => new("Tỷ lệ dân số trưởng thành có điện thoại thông minh", "Adults with a smartphone (%)"),
        "POP_5G_PCT" => new("Tỷ lệ dân số được phủ sóng 5G", "Population covered by 5G (%)"),
        "DVC_L4_PCT" => new("Tỷ lệ dịch vụ công trực tuyến đủ điều kiện được cung cấp mức độ 4", "Eligible public services provided online at level 4 (%)"),
        "SDB_CLOUD_PCT" => new("Tỷ lệ cơ sở dữ liệu dùng chung hoạt động trên nền tảng điện toán đám mây của tỉnh", "Shared databases on the provincial cloud (%)"),
        "FILES_ONLINE_PCT" => new("Tỷ lệ hồ sơ công việc được xử lý trên môi trường mạng", "Work files processed online (%)"),
        _ => throw new ArgumentOutOfRangeException(nameof(ratio)),
    };

    private sealed record SeedTarget(string Programme, string Pillar, string Code, string Name, string Unit, Comparator Comparator, double Value, int Year, string Source);

    private static List<SeedTarget> ReadSeedTargets()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "data", "demo", "seed_targets.csv");
        return CsvRows.ReadTable(path).Select(f =>
        {
            var comparator = f["comparator"] switch
            {
                ">=" => Comparator.AtLeast,
                ">" => Comparator.MoreThan,
                "<=" => Comparator.AtMost,
                "<" => Comparator.LessThan,
                "=" => Comparator.EqualTo,
                _ => throw new InvalidDataException($"seed_targets.csv: unknown comparator '{f["comparator"]}'"),
            };
            return new SeedTarget(f["programme"], f["pillar"], f["code"], f["name_vi"], f["unit"], comparator, double.Parse(f["target_value"], CultureInfo.InvariantCulture),
                int.Parse(f["target_year"], CultureInfo.InvariantCulture), SourceTitle(f["source"]));
        }).ToList();
    }

    /// <summary>
    /// The list names a news report by its file in the source collection; readers (and the public portal) see the
    /// report's own title and publisher instead (read from the first lines of each report).
    /// </summary>
    private static string SourceTitle(string source) => source switch
    {
        "000_dc2932d67d1353f9.txt" => "Bài viết \"Trách nhiệm người đứng đầu về chuyển đổi số\"",
        "001_ebd388c03415a60d.txt" => "Bài viết \"Chuyển đổi số: Xu thế tất yếu của sự phát triển\" (06/07/2022)",
        "002_49a7b5451ea05797.txt" => "Sở Nội vụ tỉnh Quảng Ngãi, \"Tăng cường sự lãnh đạo, chỉ đạo của Đảng đối với chuyển đổi số\" (01/06/2022)",
        "003_61df311f636441ac.txt" => "Bài viết \"Lan tỏa Nghị quyết chuyển đổi số của tỉnh Bình Thuận\" (08/06/2023)",
        "004_24214d04853311d6.txt" => "Bài viết \"Nâng cao trách nhiệm và nhận thức của lãnh đạo các sở, ngành, địa phương về thực hiện nhiệm vụ chuyển đổi số\" (Lạng Sơn)",
        _ => source,
    };
}
