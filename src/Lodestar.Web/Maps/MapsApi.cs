using System.Collections.Concurrent;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using Lodestar.Common;
using Lodestar.Data;
using Lodestar.Maps;
using Lodestar.Web.Common;

namespace Lodestar.Web.Maps;

public static class MapsApi
{
    private static readonly ConcurrentDictionary<string, byte[]> Compressed = new();

    /// <summary>What the boundaries are sent as, best first.</summary>
    private static readonly string[] Encodings = ["br", "gzip"];

    private static byte[] Compress(byte[] data, bool brotli)
    {
        using var output = new MemoryStream();
        using (Stream compressor = brotli ? new BrotliStream(output, CompressionLevel.SmallestSize) : new GZipStream(output, CompressionLevel.SmallestSize))
        {
            compressor.Write(data);
        }

        return output.ToArray();
    }

    public static void MapMapsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/maps").WithTags("Maps");

        // Official boundaries are public data: no sign-in, cacheable for a day, revalidated by ETag.
        api.MapGet("/boundaries", async Task<IResult> (string? unit, string? asOf, HttpContext http, StaleReads reads, TimeProvider clock, CancellationToken ct) =>
        {
            if (!ApiProblems.TryDate(asOf, "asOf", Dates.Today(clock), out var date, out var badDate))
            {
                return badDate!;
            }

            var national = string.IsNullOrWhiteSpace(unit);
            var geo = await MapQueries.BoundariesAsync(reads, unit, date, national ? 2 : 4, ct);
            if (geo is null)
            {
                return ApiProblems.NotFound($"Không có tỉnh, thành phố mã '{unit}'.", $"No province with code '{unit}'.");
            }

            var bytes = Encoding.UTF8.GetBytes(geo);
            var etag = "\"" + Convert.ToHexString(SHA256.HashData(bytes))[..20] + "\"";
            http.Response.Headers.CacheControl = "public, max-age=86400";
            http.Response.Headers.ETag = etag;
            http.Response.Headers.Vary = "Accept-Encoding";
            if (http.Request.Headers.IfNoneMatch.Contains(etag))
            {
                return TypedResults.StatusCode(StatusCodes.Status304NotModified);
            }

            // Boundaries compress about 3:1 with gzip and 4:1 with Brotli; compressed once per content (keyed by its hash, so a reshape makes a new entry) and kept.
            var accepted = http.Request.Headers.AcceptEncoding.ToString();
            foreach (var encoding in Encodings)
            {
                if (accepted.Contains(encoding, StringComparison.OrdinalIgnoreCase))
                {
                    http.Response.Headers.ContentEncoding = encoding;
                    return TypedResults.Bytes(Compressed.GetOrAdd(encoding + etag, _ => Compress(bytes, encoding == "br")), "application/geo+json; charset=utf-8");
                }
            }

            return TypedResults.Bytes(bytes, "application/geo+json; charset=utf-8");
        }).AllowAnonymous()
            .WithSummary("GeoJSON FeatureCollection (properties code, name) of the communes of a province (?unit=code), or of the 34 provinces without unit, as the map was on asOf (default today).");

        var secured = api.MapGroup("").RequireAuthorization(WebServices.ApiPolicy);
        secured.MapGet("/layers", async (string? unit, MapQueries maps, CancellationToken ct) =>
            TypedResults.Ok((await maps.LayersAsync(unit, ct)).Select(l => new { code = l.Code, name = l.Name.ToString() })))
            .WithSummary("The layers a map of a province (or nationally, without unit) offers: quality, overdue, dti, target:CODE.");
        secured.MapGet("/values", async Task<IResult> (string? layer, string? unit, int? year, string? asOf, System.Security.Claims.ClaimsPrincipal user,
            Lodestar.Accounts.AccessScope scope, MapQueries maps, TimeProvider clock, CancellationToken ct) =>
        {
            var today = Dates.Today(clock);
            if (!ApiProblems.TryYear(year, out var badYear) || !ApiProblems.TryDate(asOf, "asOf", today, out var date, out badYear))
            {
                return badYear!;
            }

            var data = await maps.ValuesAsync(layer ?? "dti", unit, year ?? today.Year, date, await scope.VisibleIdsAsync(user, date, ct), ct);
            return data is null
                ? ApiProblems.NotFound($"Không có lớp '{layer}' cho '{unit}'.", $"No layer '{layer}' for '{unit}'.")
                : TypedResults.Ok(new
                {
                    layer = data.Layer, name = data.LayerName.ToString(), unit = data.Unit, year = data.Year, suffix = data.Suffix, higherIsBetter = data.HigherIsBetter,
                    classes = data.Classes.Select(c => new { from = c.From, to = c.To, colour = c.Colour }),
                    items = data.Values.Select(v => new { code = v.Code, name = v.Name, value = v.Value, @class = v.Class }),
                    total = data.Values.Count,
                });
        }).WithSummary("A layer's value per unit of the map (the map as on asOf, default today) with its legend class; units outside the reader's scope, like units without data, have null.");
    }
}
