using Lodestar.Accounts;

namespace Lodestar.Tests.Accounts;

/// <summary>The passwords anyone tries first are refused whatever their case, and so is one containing the user name.</summary>
public sealed class CommonPasswordValidatorTests
{
    [Theory]
    [InlineData("Password12", "PasswordCommon")]
    [InlineData("PASSWORD12", "PasswordCommon")]
    [InlineData("Matkhau123", "PasswordCommon")]
    [InlineData("123456789A", "PasswordCommon")]
    [InlineData("Admin12345", "PasswordCommon")]
    [InlineData("Abc123456789", "PasswordCommon")]
    [InlineData("Qwerty123456", "PasswordCommon")]
    [InlineData("Vietnam2025", "PasswordCommon")]
    [InlineData(" Password12 ", "PasswordCommon")]
    [InlineData("Nguyen.Van.An-2026", "PasswordContainsUserName")]
    [InlineData("xNGUYEN.VAN.ANx9", "PasswordContainsUserName")]
    public async Task Validate_CommonOrWithTheUserName_IsRefusedInBothLanguages(string password, string code)
    {
        var result = await new CommonPasswordValidator().ValidateAsync(null!, new LodestarUser { UserName = "nguyen.van.an" }, password);

        var error = Assert.Single(result.Errors);
        Assert.Equal(code, error.Code);
        var message = BilingualIdentityError.Of(error);
        Assert.NotEqual(message.Vi, message.En);
        Assert.False(string.IsNullOrWhiteSpace(message.Vi));
    }

    [Theory]
    [InlineData("Nguoi-Dung-Kiem-Thu-2026")]
    [InlineData("Password12-Lang-Son-Mua-Thu")]
    [InlineData("an-Mat-Khau-Rieng-2026")]
    public async Task Validate_AnUncommonPassword_Passes(string password)
    {
        // A user name shorter than three characters is not looked for ("an" is an ordinary word).
        var result = await new CommonPasswordValidator().ValidateAsync(null!, new LodestarUser { UserName = password.StartsWith("an", StringComparison.Ordinal) ? "an" : "nguyen.van.an" }, password);

        Assert.True(result.Succeeded, string.Join(" ", result.Errors.Select(e => e.Code)));
    }

    [Fact]
    public void TheList_HoldsTheBriefsExamples_AndIsReadFromTheAssembly()
    {
        foreach (var password in new[] { "Password12", "Matkhau123", "123456789a", "Admin12345", "Abc123456789", "Qwerty123456" })
        {
            Assert.True(CommonPasswordValidator.IsCommon(password), password);
        }

        Assert.False(CommonPasswordValidator.IsCommon("# Very common passwords"));
    }
}
