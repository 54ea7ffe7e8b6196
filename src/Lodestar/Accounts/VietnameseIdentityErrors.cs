using Lodestar.Common;
using Microsoft.AspNetCore.Identity;

namespace Lodestar.Accounts;

/// <summary>Identity's messages in the reader's language (Vietnamese by default).</summary>
internal sealed class VietnameseIdentityErrors : IdentityErrorDescriber
{
    private static IdentityError E(string code, string vi, string en) => new() { Code = code, Description = new Msg(vi, en).ToString() };

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
