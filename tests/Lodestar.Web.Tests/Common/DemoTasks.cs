using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;

namespace Lodestar.Web.Tests.Common;

/// <summary>Tasks assigned and reported done through the API, as the DX office and a unit's officer do.</summary>
public static class DemoTasks
{
    /// <summary>
    /// Assigns a task due <paramref name="deadline"/> (yyyy-MM-dd; use the app's clock, e.g. <c>app.InDays(200)</c>, for a task not yet due),
    /// linked to the targets (codes) it should move; returns its uid.
    /// </summary>
    public static async Task<string> AssignAsync(HttpClient assigner, string unit, string title, string deadline, params string[] targets)
    {
        using var created = await assigner.PostAsJsonAsync("/api/v1/tasks", new { title, ownerUnit = unit, deadline, sourceKind = "plan", targets });
        var answer = await Api.ReadAsync(created);
        Assert.True(answer.Status == HttpStatusCode.Created, answer.Describe());
        return Api.Str(answer["task"], "uid");
    }

    /// <summary>The owner unit's officer reports the task done with a PDF of evidence; the completion then waits for the assigner.</summary>
    public static async Task ReportDoneAsync(HttpClient officer, string uid)
    {
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes("%PDF-1.4 biên bản nghiệm thu"));
        file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        using var form = new MultipartFormDataContent { { new StringContent("Đã hoàn thành, có biên bản nghiệm thu."), "narrative" }, { file, "files", "nghiem-thu.pdf" } };
        using var done = await officer.PostAsync(new Uri($"/api/v1/tasks/{uid}/completion", UriKind.Relative), form);
        Assert.True(done.IsSuccessStatusCode, $"completion: {(int)done.StatusCode} {await done.Content.ReadAsStringAsync()}");
    }
}
