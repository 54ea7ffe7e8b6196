using static Lodestar.Web.Common.Text;

namespace Lodestar.Web.Components;

/// <summary>
/// What a <see cref="SearchField"/> looks up and how js/search-field.js reads the answer: the API (a page of items, or a
/// list, found by a diacritic-insensitive <c>q</c>), the item property written into the input (what the form posts), the
/// properties that name an item (the first present wins) and those shown beside it, and the property that identifies the
/// chosen item (<see cref="Key"/>, posted in the field's <c>KeyName</c> when the form asks for it). The APIs answer within the reader's scope.
/// </summary>
public sealed record SearchSource(string Url, string Value, string Label, string Note, string Hint, string Found, string? Key = null)
{
    public static SearchSource Units => new("/api/v1/org-units?pageSize=10&q=", "code", "fullName name", "code",
        T("gõ tên (không dấu cũng được) hoặc mã", "type a name (accents optional) or a code"), T("Đơn vị tìm thấy", "Units found"));

    /// <summary>
    /// People by full name: the input takes the name (filters are by name), the post tells namesakes apart, and the uid says
    /// which of two namesakes was chosen (appointments: a name typed and not chosen is a new person).
    /// </summary>
    public static SearchSource People => new("/api/v1/people?pageSize=10&q=", "fullName", "fullName", "position unitName",
        T("gõ họ tên (không dấu cũng được)", "type a name (accents optional)"), T("Người tìm thấy", "People found"), "uid");

    /// <summary>People in post, by name: the input shows the name, the key is the uid of the post the person holds (a task's accountable position).</summary>
    public static SearchSource Posts => new("/api/v1/people?inPost=true&pageSize=10&q=", "fullName", "fullName", "position unitName",
        T("gõ họ tên người đang giữ chức vụ (không dấu cũng được)", "type the name of someone in post (accents optional)"), T("Người tìm thấy", "People found"), "positionUid");

    /// <summary>DTI indexes of the reader's province's frameworks, by name or code: the input takes FRAMEWORK:CODE (a committee seat's indexes).</summary>
    public static SearchSource DtiIndexes => new("/api/v1/dti/indexes?pageSize=10&q=", "key", IsEnglish ? "nameEn name" : "name", "key",
        T("gõ tên chỉ số (không dấu cũng được) hoặc mã", "type an index's name (accents optional) or its code"), T("Chỉ số tìm thấy", "Indexes found"));

    /// <summary>Accounts by user or full name (those the reader manages): the input takes the user name.</summary>
    public static SearchSource Accounts => new("/api/v1/accounts?pageSize=10&q=", "userName", "fullName userName", "userName scopeName",
        T("gõ họ tên (không dấu cũng được) hoặc tên đăng nhập", "type a name (accents optional) or a user name"), T("Tài khoản tìm thấy", "Accounts found"));

    public static SearchSource Targets => new("/api/v1/targets?q=", "code", IsEnglish ? "nameEn name" : "name", "code",
        T("gõ tên chỉ tiêu (không dấu cũng được) hoặc mã", "type a target's name (accents optional) or its code"), T("Chỉ tiêu tìm thấy", "Targets found"));
}
