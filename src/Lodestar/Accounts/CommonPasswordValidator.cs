using Microsoft.AspNetCore.Identity;

namespace Lodestar.Accounts;

/// <summary>
/// Refuses the passwords anyone tries first, on top of Identity's length and character rules (which <c>Password12</c>
/// passes): those of <c>common-passwords.txt</c>, whatever their letter case, and those that contain the account's user
/// name. Every way to set a password (creation, an administrator's reset, the user's own change) goes through it.
/// </summary>
internal sealed class CommonPasswordValidator : IPasswordValidator<LodestarUser>
{
    // A user name this short ("an") would refuse ordinary words; three characters and more are checked.
    private const int ShortestUserNameChecked = 3;

    private static readonly Lazy<HashSet<string>> Common = new(Load);

    public static bool IsCommon(string password) => Common.Value.Contains(password.Trim());

    public Task<IdentityResult> ValidateAsync(UserManager<LodestarUser> manager, LodestarUser user, string? password)
    {
        var errors = new List<IdentityError>();
        if (!string.IsNullOrEmpty(password) && IsCommon(password))
        {
            errors.Add(BilingualIdentityError.Create("PasswordCommon",
                "Mật khẩu này quá phổ biến (như Password12, Matkhau123), dễ bị đoán ra; hãy chọn mật khẩu khác.",
                "This password is too common (like Password12 or Matkhau123) and easily guessed; choose another one."));
        }

        if (!string.IsNullOrEmpty(password) && user.UserName is { Length: >= ShortestUserNameChecked } name
            && password.Contains(name, StringComparison.OrdinalIgnoreCase))
        {
            errors.Add(BilingualIdentityError.Create("PasswordContainsUserName",
                "Mật khẩu không được chứa tên đăng nhập.", "The password must not contain the user name."));
        }

        return Task.FromResult(errors.Count == 0 ? IdentityResult.Success : IdentityResult.Failed([.. errors]));
    }

    private static HashSet<string> Load()
    {
        using var stream = typeof(CommonPasswordValidator).Assembly.GetManifestResourceStream("Lodestar.Accounts.common-passwords.txt")
            ?? throw new InvalidOperationException("The list of common passwords is missing from the assembly.");
        using var reader = new StreamReader(stream);
        var set = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        while (reader.ReadLine() is { } line)
        {
            if (line.Trim() is { Length: > 0 } word && !word.StartsWith('#'))
            {
                set.Add(word);
            }
        }

        return set;
    }
}
