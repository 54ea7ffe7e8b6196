using System.Text;
using Lodestar.Common;

namespace Lodestar.Tests.Common;

public sealed class TextFoldTests
{
    [Theory]
    [InlineData("Lạng Sơn", "lang son")]
    [InlineData("LẠNG SƠN", "lang son")]
    [InlineData("Đắk Lắk", "dak lak")]
    [InlineData("Thừa Thiên - Huế", "thua thien hue")]
    [InlineData("  Bình   Phước ", "binh phuoc")]
    [InlineData("Phường Ba Đình, Hà Nội", "phuong ba dinh ha noi")]
    [InlineData("", "")]
    [InlineData(null, "")]
    public void Fold_RemovesCaseDiacriticsAndExtraSpaces(string? input, string expected) =>
        Assert.Equal(expected, TextFold.Fold(input));

    [Theory]
    [InlineData("Nguyễn Thị Hằng")]
    [InlineData("Quảng Ngãi")]
    [InlineData("Hưng Yên")]
    public void Fold_NfdAndNfc_GiveTheSameKey(string nfc) =>
        Assert.Equal(TextFold.Fold(nfc), TextFold.Fold(nfc.Normalize(NormalizationForm.FormD)));

    [Fact]
    public void Clean_TurnsNfdIntoNfcAndTrims()
    {
        var nfd = " Hằng ".Normalize(NormalizationForm.FormD);
        Assert.NotEqual("Hằng", nfd.Trim());
        Assert.Equal("Hằng", TextFold.Clean(nfd));
    }
}
