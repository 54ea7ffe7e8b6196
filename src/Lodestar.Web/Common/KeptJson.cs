using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace Lodestar.Web.Common;

/// <summary>
/// API answers as UTF-8 JSON, written once per kept figure and answer instead of once per request: a kept figure (a
/// dashboard from <c>DashboardCache</c>, a year's DTI scores from <c>FigureCache</c>) is the same instance for every reader
/// until something changes, so its answers' bytes are kept beside it and go when it goes. The key names everything else
/// an answer depends on (the reader's scope, a peer group, a page); the language is added here. The country's DTI
/// ranking is 0.6 MB and its component scores 7 MB: written per request they were most of its time (bench/RESULTS.md).
/// </summary>
public sealed class KeptJson(IOptions<JsonOptions> options)
{
    private readonly ConditionalWeakTable<object, ConcurrentDictionary<string, byte[]>> _bytes = [];

    public byte[] Of<T>(object figure, string key, Func<T> answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        return _bytes.GetOrCreateValue(figure).GetOrAdd(key + "|" + CultureInfo.CurrentUICulture.Name,
            _ => JsonSerializer.SerializeToUtf8Bytes(answer(), options.Value.SerializerOptions));
    }
}
