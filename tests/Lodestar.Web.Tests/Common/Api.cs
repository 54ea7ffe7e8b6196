using System.Net;
using System.Text.Json;

namespace Lodestar.Web.Tests.Common;

/// <summary>An HTTP answer read once: status, media type, JSON body (undefined when there is none) and raw text.</summary>
public sealed record ApiAnswer(HttpStatusCode Status, string? MediaType, JsonElement Json, string Text, Uri? Location)
{
    public JsonElement this[string property] => Json.GetProperty(property);

    public string Describe() => $"{(int)Status} {MediaType} {Text}";
}

public static class Api
{
    public static async Task<ApiAnswer> GetAsync(HttpClient client, string url, string? acceptLanguage = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(url, UriKind.Relative));
        if (acceptLanguage is not null)
        {
            request.Headers.AcceptLanguage.ParseAdd(acceptLanguage);
        }

        using var response = await client.SendAsync(request);
        return await ReadAsync(response);
    }

    public static async Task<ApiAnswer> ReadAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        var json = mediaType is not null && mediaType.Contains("json", StringComparison.Ordinal) && text.Length > 0
            ? JsonDocument.Parse(text).RootElement.Clone()
            : default;
        return new ApiAnswer(response.StatusCode, mediaType, json, text, response.Headers.Location);
    }

    /// <summary>GETs a URL that must answer 200 with JSON.</summary>
    public static async Task<JsonElement> GetOkAsync(HttpClient client, string url, string? acceptLanguage = null)
    {
        var answer = await GetAsync(client, url, acceptLanguage);
        Assert.True(answer.Status == HttpStatusCode.OK, $"GET {url}: {answer.Describe()}");
        return answer.Json;
    }

    public static IEnumerable<JsonElement> Items(JsonElement page) => page.GetProperty("items").EnumerateArray();

    public static string Str(JsonElement element, string property) => element.GetProperty(property).GetString() ?? string.Empty;
}
