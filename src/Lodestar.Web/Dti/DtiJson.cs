using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Lodestar.Dti;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace Lodestar.Web.Dti;

/// <summary>
/// The scores and ranking answers as UTF-8 JSON, written once per year's figures and answer: <see cref="DtiQueries.ScoresAsync"/>
/// hands every reader the same figures until the change feed shows a write they depend on (ADR 0017), so the bytes are
/// kept beside them and go when they go. The country's ranking is 0.6 MB and its component scores 7 MB of JSON;
/// written per request they were most of its time (bench/RESULTS.md). The key names everything else the answer
/// depends on: the reader's scope, the peer group, the level, the language.
/// </summary>
public sealed class DtiJson(IOptions<JsonOptions> options)
{
    private readonly ConditionalWeakTable<YearScores, ConcurrentDictionary<string, byte[]>> _bytes = [];

    public byte[] Of<T>(YearScores figures, string key, Func<T> answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        return _bytes.GetOrCreateValue(figures).GetOrAdd(key + "|" + System.Globalization.CultureInfo.CurrentUICulture.Name,
            _ => JsonSerializer.SerializeToUtf8Bytes(answer(), options.Value.SerializerOptions));
    }
}
