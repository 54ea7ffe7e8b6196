using static Lodestar.Web.Common.Text;

namespace Lodestar.Web.Components;

/// <summary>
/// What a <see cref="SearchField"/> looks up and how js/search-field.js reads the answer: the API (a page of items, or a
/// list, found by a diacritic-insensitive <c>q</c>), the item property written into the input (what the form posts), the
/// properties that name an item (the first present wins) and those shown beside it. The APIs answer within the reader's scope.
/// </summary>
public sealed record SearchSource(string Url, string Value, string Label, string Note, string Hint, string Found)
{
    public static SearchSource Units => new("/api/v1/org-units?pageSize=10&q=", "code", "fullName name", "code",
        T("gõ tên (không dấu cũng được) hoặc mã", "type a name (accents optional) or a code"), T("Đơn vị tìm thấy", "Units found"));

    /// <summary>People by full name: the input takes the name (appointments and filters are by name), the post tells namesakes apart.</summary>
    public static SearchSource People => new("/api/v1/people?pageSize=10&q=", "fullName", "fullName", "position unitName",
        T("gõ họ tên (không dấu cũng được)", "type a name (accents optional)"), T("Người tìm thấy", "People found"));

    /// <summary>Accounts by user or full name (those the reader manages): the input takes the user name.</summary>
    public static SearchSource Accounts => new("/api/v1/accounts?pageSize=10&q=", "userName", "fullName userName", "userName scopeName",
        T("gõ họ tên (không dấu cũng được) hoặc tên đăng nhập", "type a name (accents optional) or a user name"), T("Tài khoản tìm thấy", "Accounts found"));

    public static SearchSource Targets => new("/api/v1/targets?q=", "code", IsEnglish ? "nameEn name" : "name", "code",
        T("gõ tên chỉ tiêu (không dấu cũng được) hoặc mã", "type a target's name (accents optional) or its code"), T("Chỉ tiêu tìm thấy", "Targets found"));
}
