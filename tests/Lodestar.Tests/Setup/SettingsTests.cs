using Lodestar.Notifications;
using Lodestar.Setup;
using Lodestar.Tasks;
using Microsoft.Extensions.Configuration;

namespace Lodestar.Tests.Setup;

/// <summary>Settings come from the LODESTAR_* variables; a value that cannot be used is named with what it takes, never replaced by a default.</summary>
public sealed class SettingsTests
{
    private static IConfiguration Config(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

    [Fact]
    public void Read_UnsetOrBlank_KeepsTheDefaults()
    {
        var mail = Settings.Read<MailOptions>(Config(("LODESTAR_SMTP_PORT", " ")));

        Assert.Equal((null, 25, "lodestar@localhost", "auto", null), (mail.Host, mail.Port, mail.From, mail.Tls, mail.PublicUrl));
    }

    [Fact]
    public void Read_GoodValues_AreTaken_InvariantAndTrimmed()
    {
        var tasks = Settings.Read<TaskOptions>(Config(("LODESTAR_TASKS_DAILY", "false"), ("LODESTAR_TASKS_ESCALATE_DAYS", " 10 "), ("LODESTAR_HEATMAP_RED", "0.4")));
        var options = LodestarOptions.From(Config(("LODESTAR_DATA_DIR", "data"), ("LODESTAR_EVIDENCE_QUOTA_MB", "20"), ("LODESTAR_TWO_FACTOR", "Required")));

        var mail = Settings.Read<MailOptions>(Config(("LODESTAR_PUBLIC_URL", " https://Lodestar.LangSon.gov.vn ")));

        Assert.Equal("https://Lodestar.LangSon.gov.vn", mail.PublicUrl);
        Assert.Equal((false, 10, 0.4), (tasks.DailyJob, tasks.EscalationDays, tasks.HeatRed));
        Assert.Equal((Path.GetFullPath("data"), 20L * 1024 * 1024, true), (options.DataDirectory, options.EvidenceQuotaBytes, options.TwoFactorRequired));
    }

    [Fact]
    public void Check_BadValues_AreAllNamedWithWhatTheyTake_InBothLanguages()
    {
        var config = Config(("LODESTAR_SMTP_PORT", "abc"), ("LODESTAR_HEATMAP_YELLOW", "0,1"), ("LODESTAR_TASKS_DAILY", "yes"),
            ("LODESTAR_TWO_FACTOR", "always"), ("LODESTAR_REPORTS_REMIND_DAYS", "-1"), ("LODESTAR_SMTP_FROM", "not an address"),
            ("LODESTAR_SCORECARD_WEIGHTS", "30;30;20;20"), ("LODESTAR_PUBLIC_URL", "lodestar.langson.gov.vn"), ("LODESTAR_SUMMARY_HOUR", "25"),
            ("LODESTAR_PROVINCE", "Lạng Sơn"));

        var e = Assert.Throws<SettingsException>(() => Settings.Check(config, LodestarServices.SettingsClasses));

        Assert.Equal(10, e.Problems.Count);
        Assert.Contains("LODESTAR_PROVINCE=Lạng Sơn: phải là mã tỉnh, thành phố gồm hai chữ số, ví dụ 20 / must be a province code of two digits, e.g. 20", e.Problems);
        Assert.Contains("LODESTAR_SUMMARY_HOUR=25: phải là số nguyên từ 0 đến 23 / must be a whole number from 0 to 23", e.Problems);
        Assert.Contains("LODESTAR_SCORECARD_WEIGHTS=30;30;20;20: phải là bốn trọng số cách nhau bởi dấu phẩy (chỉ tiêu, nhiệm vụ, báo cáo, DTI), mỗi số ≥ 0 và không đều bằng 0, ví dụ 30,30,20,20"
            + " / must be four comma-separated weights (targets, tasks, reporting, DTI), each ≥ 0 and not all 0, e.g. 30,30,20,20", e.Problems);
        Assert.Contains("LODESTAR_SMTP_PORT=abc: phải là số nguyên từ 1 đến 65535 / must be a whole number from 1 to 65535", e.Problems);
        Assert.Contains("LODESTAR_HEATMAP_YELLOW=0,1: phải là số (dấu chấm thập phân) từ 0 đến 1 / must be a number (decimal point) from 0 to 1", e.Problems);
        Assert.Contains("LODESTAR_TASKS_DAILY=yes: phải là true hoặc false / must be true or false", e.Problems);
        Assert.Contains("LODESTAR_TWO_FACTOR=always: phải là một trong: required, optional / must be one of: required, optional", e.Problems);
        Assert.Contains("LODESTAR_REPORTS_REMIND_DAYS=-1: phải là số nguyên từ 0 đến 365 / must be a whole number from 0 to 365", e.Problems);
        Assert.Contains("LODESTAR_SMTP_FROM=not an address: phải là một địa chỉ e-mail / must be an e-mail address", e.Problems);
        Assert.Contains("LODESTAR_PUBLIC_URL=lodestar.langson.gov.vn: phải là địa chỉ đầy đủ bắt đầu bằng https:// hoặc http:// / must be a full address starting with https:// or http://", e.Problems);
        Assert.StartsWith("Cấu hình không hợp lệ / Invalid configuration:", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_Replicas_NeedPostgres_AndAConnectionString_WithoutRepeatingIt()
    {
        var withoutPrimary = Assert.Throws<SettingsException>(() => Settings.Check(Config(("LODESTAR_DB_REPLICAS", "Host=standby;Password=bi-mat")), LodestarServices.SettingsClasses));
        var unreadable = Assert.Throws<SettingsException>(() => Settings.Check(Config(("LODESTAR_DB", "Host=primary"), ("LODESTAR_DB_REPLICAS", "Hots=standby;Password=bi-mat")),
            LodestarServices.SettingsClasses));
        var good = LodestarOptions.Check(Config(("LODESTAR_DB", "Host=primary"), ("LODESTAR_DB_REPLICAS", "Host=a,b;Target Session Attributes=prefer-standby")), []);

        Assert.Equal(["LODESTAR_DB_REPLICAS: chỉ dùng được cùng LODESTAR_DB (PostgreSQL) / needs LODESTAR_DB (PostgreSQL)"], withoutPrimary.Problems);
        Assert.Equal(["LODESTAR_DB_REPLICAS: phải là chuỗi kết nối Npgsql / must be an Npgsql connection string"], unreadable.Problems);
        Assert.DoesNotContain("bi-mat", withoutPrimary.Message + unreadable.Message, StringComparison.Ordinal);
        Assert.True(good.UsesReplicas);
        Assert.False(LodestarOptions.Check(Config(("LODESTAR_DB", "Host=primary")), []).UsesReplicas);
    }
}
