using Lodestar.Common;

namespace Lodestar.Tests.Common;

/// <summary>The one CSV reader: the files Lodestar ships (official units, demo, DTI) are read by it as uploads are.</summary>
public sealed class CsvRowsTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), "lodestar-csv-" + Guid.NewGuid().ToString("N") + ".csv");

    public void Dispose() => File.Delete(_path);

    [Fact]
    public void ReadTable_NamesTheColumnsByTheHeader_ReadsQuotedCommasAndSkipsABlankLine()
    {
        File.WriteAllText(_path, "\uFEFFcode,name\r\n01,\"Hà Nội, thủ đô\"\r\n\r\n20,Lạng Sơn\r\n");

        var rows = CsvRows.ReadTable(_path);

        Assert.Equal([("01", "Hà Nội, thủ đô"), ("20", "Lạng Sơn")], rows.Select(r => (r["code"], r["name"])));
    }

    [Fact]
    public void ReadTable_ARowWithAnotherNumberOfFields_NamesTheFileAndLine()
    {
        File.WriteAllText(_path, "code,name\n01,Hà Nội\n20,Lạng Sơn,thừa\n");

        var e = Assert.Throws<InvalidDataException>(() => CsvRows.ReadTable(_path));

        Assert.Equal($"{Path.GetFileName(_path)} line 3: 3 fields, expected 2.", e.Message);
    }
}
