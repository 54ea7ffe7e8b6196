using static Lodestar.Web.Tests.Common.Html;

namespace Lodestar.Web.Tests.Common;

/// <summary>Attaching evidence to a DTI self-assessment through its page's form, as an officer does.</summary>
public static class DtiEvidence
{
    /// <summary>Posts <paramref name="bytes"/> as <paramref name="name"/> to the indicator <paramref name="node"/> of the assessment page at <paramref name="url"/>.</summary>
    public static async Task<HttpResponseMessage> AttachAsync(HttpClient client, string url, string node, string name, byte[] bytes)
    {
        var form = FormNamed(await GetPageAsync(client, url), "evidence");
        using var content = new MultipartFormDataContent
        {
            { new StringContent(form.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!), "__RequestVerificationToken" },
            { new StringContent("evidence"), "_handler" },
            { new StringContent("1"), "Attach.Go" },
            { new StringContent(node), "Attach.Node" },
            { new ByteArrayContent(bytes), "files", name },
        };
        return await client.PostAsync(new Uri(url, UriKind.Relative), content);
    }
}
