using Lodestar.Common;

namespace Lodestar.Tests.Common;

public sealed class NumberTextTests
{
    public static TheoryData<int> Rows() => new(Enumerable.Range(0, NumberCases.All.Count));

    [Theory]
    [MemberData(nameof(Rows))]
    public void Read_EveryCaseOfTheTable_MeansWhatTheTableSays(int row)
    {
        var c = NumberCases.All[row];

        var read = NumberText.Read(c.Text, c.English, c.WholeNumbers);

        Assert.True(c.Refused != read.Ok, $"'{c.Text}' (english {c.English}, integer {c.WholeNumbers}): {read.Problem?.Vi}");
        Assert.Equal(c.Expected, read.Value);
    }

    [Theory]
    [InlineData("3029.5", false, false, "'3029.5' có dấu chấm: nếu là 3.029,5 hãy viết 3029,5; nếu là 30.295 hãy viết 30295.")]
    [InlineData("3,029", false, false, "'3,029' không rõ: dấu phẩy có thể là dấu thập phân hoặc dấu phân nhóm nghìn kiểu tiếng Anh: nếu là 3.029 hãy viết 3029; nếu là 3,029 hãy viết 3,0290.")]
    [InlineData("3,029", false, true, "'3,029' không rõ: dấu phẩy có thể là dấu thập phân hoặc dấu phân nhóm nghìn kiểu tiếng Anh: nếu là 3.029 hãy viết 3029.")]
    [InlineData("1,234.5", false, false, "'1,234.5' có dấu chấm: nếu là 1.234,5 hãy viết 1234,5.")]
    [InlineData("1,234,567", false, false, "'1,234,567' có nhiều dấu phẩy: nếu là 1.234.567 hãy viết 1234567.")]
    [InlineData("12,5", false, true, "'12,5' có phần thập phân; ô này chỉ nhận số nguyên.")]
    [InlineData("1e5", false, false, "'1e5' có dạng mũ (e); hãy viết đủ chữ số, ví dụ 100000.")]
    [InlineData("12a", false, false, "'12a' không phải là số (viết như 1.234,5).")]
    [InlineData("1.2.3", false, false, "'1.2.3' có dấu chấm; hãy viết như 1.234,5 hoặc 1234,5.")]
    public void Read_RefusedInVietnamese_SaysHowItCouldBeRead(string text, bool english, bool wholeNumbers, string message)
    {
        Assert.Equal(message, NumberText.Read(text, english, wholeNumbers).Problem?.Vi);
    }

    [Theory]
    [InlineData("3.029", "'3.029' is unclear: the point may be a decimal point or a Vietnamese thousands separator: if you mean 3,029 write 3029; if you mean 3.029 write 3.0290.")]
    [InlineData("3029,5", "'3029,5' has a comma: if you mean 3,029.5 write 3029.5; if you mean 30,295 write 30295.")]
    [InlineData("1.234,5", "'1.234,5' has a comma: if you mean 1,234.5 write 1234.5.")]
    public void Read_RefusedInEnglish_SaysHowItCouldBeRead(string text, string message)
    {
        Assert.Equal(message, NumberText.Read(text, english: true).Problem?.En);
    }

    [Theory]
    [InlineData(3.029, false, "3,0290")]
    [InlineData(3029.5, false, "3.029,5")]
    [InlineData(1234567, false, "1.234.567")]
    [InlineData(3.029, true, "3.0290")]
    [InlineData(-0.25, true, "-0.25")]
    public void Write_AStoredValue_ReadsBackTheSame(double value, bool english, string text)
    {
        Assert.Equal(text, NumberText.Write(value, english));
        Assert.Equal(value, NumberText.Read(text, english).Value);
    }
}
