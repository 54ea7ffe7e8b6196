using System.Text;
using Lodestar.Common;

namespace Lodestar.Tests.Common;

/// <summary>An evidence file is what its name says, and is stored and served with the type of that name, never the uploader's.</summary>
public sealed class EvidenceFilesTests
{
    private static readonly byte[] Html = Encoding.UTF8.GetBytes("<html><script>alert(document.cookie)</script></html>");

    public static TheoryData<string, byte[], bool> Files => new()
    {
        { "bien-ban.pdf", Encoding.UTF8.GetBytes("%PDF-1.7 biên bản"), true },
        { "anh.png", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0], true },
        { "anh.JPG", [0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10], true },
        { "bao-cao.docx", [0x50, 0x4B, 0x03, 0x04, 0x14, 0], true },
        { "bang.xls", [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0], true },
        { "ghi-chu.txt", Encoding.UTF8.GetBytes("Số hộ: 1.234"), true },
        { "trang.png", Html, false },
        { "bien-ban.pdf", Html, false },
        { "bao-cao.docx", Encoding.UTF8.GetBytes("%PDF-1.7"), false },
        { "ghi-chu.txt", [0x4D, 0x5A, 0x00, 0x90], false }, // a program renamed .txt
    };

    [Theory]
    [MemberData(nameof(Files))]
    public void Upload_IsRefusedUnlessItsContentIsWhatItsNameSays(string name, byte[] content, bool accepted)
    {
        var problems = EvidenceFiles.Problems([new EvidenceUpload(name, "text/html", content)]).ToList();

        if (accepted)
        {
            Assert.Empty(problems);
        }
        else
        {
            var problem = Assert.Single(problems);
            Assert.Contains($"Tệp '{name}': nội dung không đúng loại", problem.Message.Vi, StringComparison.Ordinal);
            Assert.Contains("renamed or damaged", problem.Message.En, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("anh.png", "image/png")]
    [InlineData("bien-ban.PDF", "application/pdf")]
    [InlineData("ghi-chu.txt", "text/plain; charset=utf-8")]
    [InlineData("trang.html", "application/octet-stream")]
    public async Task StoredType_ComesFromTheName_NotFromTheUploader(string name, string type)
    {
        var dir = Directory.CreateTempSubdirectory("lodestar-evidence-");
        try
        {
            var stored = await EvidenceFiles.WriteAsync(dir.FullName, "evidence", [new EvidenceUpload(name, "text/html", [1])], CancellationToken.None);
            Assert.Equal(type, Assert.Single(stored).ContentType);
            Assert.Equal(type, EvidenceFiles.ContentTypeOf(name));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
