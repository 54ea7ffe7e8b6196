using Lodestar.Common;
using Microsoft.AspNetCore.Identity;

namespace Lodestar.Accounts;

/// <summary>An Identity error that keeps both languages, so callers can show the reader's or log both.</summary>
public sealed class BilingualIdentityError : IdentityError
{
    public required Msg Message { get; init; }

    public static Msg Of(IdentityError error) => error is BilingualIdentityError b ? b.Message : new Msg(error.Description, error.Description);

    public static BilingualIdentityError Create(string code, string vi, string en)
    {
        var message = new Msg(vi, en);
        return new BilingualIdentityError { Code = code, Description = message.ToString(), Message = message };
    }
}

/// <summary>Identity's messages in Vietnamese and English.</summary>
internal sealed class VietnameseIdentityErrors : IdentityErrorDescriber
{
    private static BilingualIdentityError E(string code, string vi, string en) => BilingualIdentityError.Create(code, vi, en);

    public override IdentityError PasswordTooShort(int length) =>
        E(nameof(PasswordTooShort), $"Mật khẩu phải có ít nhất {length} ký tự.", $"The password must have at least {length} characters.");

    public override IdentityError PasswordRequiresDigit() =>
        E(nameof(PasswordRequiresDigit), "Mật khẩu phải có ít nhất một chữ số.", "The password must contain a digit.");

    public override IdentityError PasswordRequiresLower() =>
        E(nameof(PasswordRequiresLower), "Mật khẩu phải có ít nhất một chữ thường.", "The password must contain a lowercase letter.");

    public override IdentityError PasswordRequiresUpper() =>
        E(nameof(PasswordRequiresUpper), "Mật khẩu phải có ít nhất một chữ hoa.", "The password must contain an uppercase letter.");

    public override IdentityError DuplicateUserName(string userName) =>
        E(nameof(DuplicateUserName), $"Tên đăng nhập '{userName}' đã có người dùng.", $"The user name '{userName}' is taken.");

    public override IdentityError InvalidUserName(string? userName) =>
        E(nameof(InvalidUserName), "Tên đăng nhập chỉ gồm chữ không dấu, số và . _ - @.", "The user name may contain only letters, digits and . _ - @.");
}
