using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace Lodestar.Web.Tests.Common;

/// <summary>Reads server-rendered pages and posts their forms the way a browser would.</summary>
public static class Html
{
    private static readonly HtmlParser Parser = new();

    public static async Task<IHtmlDocument> ParseAsync(HttpResponseMessage response) =>
        await Parser.ParseDocumentAsync(await response.Content.ReadAsStringAsync());

    /// <summary>GETs a page that must answer 200 and parses it.</summary>
    public static async Task<IHtmlDocument> GetPageAsync(HttpClient client, string url)
    {
        using var response = await client.GetAsync(new Uri(url, UriKind.Relative));
        Assert.True(response.IsSuccessStatusCode, $"GET {url}: {(int)response.StatusCode} {response.Headers.Location}");
        return await ParseAsync(response);
    }

    /// <summary>
    /// The form a static server-rendered component names with @formname: Blazor renders the name as the
    /// hidden field <c>_handler</c>, which the post must send back with the antiforgery token.
    /// </summary>
    public static IHtmlFormElement FormNamed(IHtmlDocument page, string formName)
    {
        var forms = page.Forms.Where(f => f.QuerySelector("input[name=_handler]")?.GetAttribute("value") == formName).ToList();
        Assert.True(forms.Count == 1, $"expected one form named '{formName}', found {forms.Count}");
        return forms[0];
    }

    /// <summary>Posts a form: its own fields (hidden, text, selected options, checked boxes), then the given values.</summary>
    public static Task<HttpResponseMessage> SubmitAsync(HttpClient client, IHtmlFormElement form, string pageUrl, IDictionary<string, string> values) =>
        client.PostAsync(Target(form, pageUrl), new FormUrlEncodedContent(Fields(form, values)));

    /// <summary>Posts a form as multipart/form-data, as a browser does for a form with a file input: its fields, the values, and the files in one field.</summary>
    public static Task<HttpResponseMessage> SubmitWithFilesAsync(
        HttpClient client, IHtmlFormElement form, string pageUrl, IDictionary<string, string> values, string fileField, params (string Name, string ContentType, byte[] Bytes)[] files) =>
        MultipartAsync(client, form, pageUrl, values, files.Select(f => (fileField, f.Name, (string?)f.ContentType, f.Bytes)));

    /// <summary>Posts a form as multipart, its fields and the given values with the files chosen (none: no file), each in its field.</summary>
    public static Task<HttpResponseMessage> UploadAsync(
        HttpClient client, IHtmlFormElement form, string pageUrl, IDictionary<string, string> values, params (string Field, string Name, byte[] Bytes)[] files) =>
        MultipartAsync(client, form, pageUrl, values, files.Select(f => (f.Field, f.Name, (string?)null, f.Bytes)));

    private static Task<HttpResponseMessage> MultipartAsync(
        HttpClient client, IHtmlFormElement form, string pageUrl, IDictionary<string, string> values, IEnumerable<(string Field, string Name, string? ContentType, byte[] Bytes)> files)
    {
        var content = new MultipartFormDataContent();
        foreach (var (name, value) in Fields(form, values))
        {
            content.Add(new StringContent(value), name);
        }

        foreach (var (field, name, type, bytes) in files)
        {
            var file = new ByteArrayContent(bytes);
            if (type is not null)
            {
                file.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(type);
            }

            content.Add(file, field, name);
        }

        return client.PostAsync(Target(form, pageUrl), content);
    }

    private static Dictionary<string, string> Fields(IHtmlFormElement form, IDictionary<string, string> values)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var input in form.Elements.OfType<IHtmlInputElement>())
        {
            if (string.IsNullOrEmpty(input.Name) || input.Type is "submit" or "button" or "file" || (input.Type is "checkbox" or "radio" && !input.IsChecked))
            {
                continue;
            }

            fields[input.Name] = input.Value;
        }

        foreach (var select in form.Elements.OfType<IHtmlSelectElement>().Where(s => !string.IsNullOrEmpty(s.Name)))
        {
            fields[select.Name!] = select.Value ?? string.Empty;
        }

        foreach (var (name, value) in values)
        {
            fields[name] = value;
        }

        Assert.True(fields.ContainsKey("__RequestVerificationToken"), "the form has no antiforgery token");
        return fields;
    }

    private static Uri Target(IHtmlFormElement form, string pageUrl)
    {
        var action = form.GetAttribute("action");
        return new Uri(string.IsNullOrEmpty(action) ? pageUrl : action, UriKind.Relative);
    }

    /// <summary>The text of an element with collapsed whitespace, for readable assertions.</summary>
    public static string Text(AngleSharp.Dom.IElement element) =>
        string.Join(' ', element.TextContent.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
