using System.Globalization;

namespace Lodestar.Common;

/// <summary>A file a user attaches as evidence (a task report, a periodic report).</summary>
public sealed record EvidenceUpload(string FileName, string ContentType, byte[] Content);

/// <summary>An evidence file written under the data directory: its new uid, clean name, type, size and relative path.</summary>
public sealed record StoredEvidence(string Uid, string FileName, string ContentType, long Size, string StoredPath);

/// <summary>
/// Evidence files for every feature: the limits (number, size, types), safe names, and writing under
/// LODESTAR_DATA_DIR so that a save that fails leaves no file behind.
/// </summary>
public static class EvidenceFiles
{
    public const int MaxBytes = 10 * 1024 * 1024;
    public const int MaxFiles = 5;

    /// <summary>
    /// The accepted kinds: the type a file is served with and the bytes its content must begin with. The type comes from
    /// this list, never from what the uploader's browser said, so a page renamed .png is neither stored nor served as HTML.
    /// </summary>
    private static readonly Dictionary<string, (string ContentType, byte[][] Starts)> Kinds = new(StringComparer.OrdinalIgnoreCase)
    {
        [".pdf"] = ("application/pdf", ["%PDF-"u8.ToArray()]),
        [".png"] = ("image/png", [[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]]),
        [".jpg"] = ("image/jpeg", [[0xFF, 0xD8, 0xFF]]),
        [".jpeg"] = ("image/jpeg", [[0xFF, 0xD8, 0xFF]]),
        [".docx"] = ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", [Zip]),
        [".xlsx"] = ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", [Zip]),
        [".odt"] = ("application/vnd.oasis.opendocument.text", [Zip]),
        [".ods"] = ("application/vnd.oasis.opendocument.spreadsheet", [Zip]),
        [".doc"] = ("application/msword", [Ole]),
        [".xls"] = ("application/vnd.ms-excel", [Ole]),
        [".txt"] = ("text/plain; charset=utf-8", []),
    };

    private static byte[] Zip => [0x50, 0x4B, 0x03, 0x04];

    private static byte[] Ole => [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

    public static readonly IReadOnlySet<string> Extensions = new HashSet<string>(Kinds.Keys, StringComparer.OrdinalIgnoreCase);

    /// <summary>The type an evidence file is served with, from its name's extension (octet-stream for anything else).</summary>
    public static string ContentTypeOf(string fileName) =>
        Kinds.TryGetValue(Path.GetExtension(fileName), out var kind) ? kind.ContentType : "application/octet-stream";

    /// <summary>Whether the content is what its extension says: the right first bytes, or for text no NUL byte.</summary>
    public static bool ContentMatches(string fileName, byte[] content) =>
        Kinds.TryGetValue(Path.GetExtension(fileName), out var kind)
        && (kind.Starts.Length == 0
            ? !content.AsSpan(0, Math.Min(content.Length, 8192)).Contains((byte)0)
            : kind.Starts.Any(start => content.AsSpan().StartsWith(start)));

    /// <summary>Number, type and size limits, each problem naming the file.</summary>
    public static IEnumerable<Problem> Problems(IReadOnlyList<EvidenceUpload> files)
    {
        if (files.Count > MaxFiles)
        {
            yield return new Problem("evidence", new Msg($"Tối đa {MaxFiles} tệp minh chứng cho một báo cáo.", $"At most {MaxFiles} evidence files per report."));
        }

        foreach (var f in files)
        {
            if (!Extensions.Contains(Path.GetExtension(f.FileName)))
            {
                yield return new Problem("evidence", new Msg($"Tệp '{f.FileName}': chỉ nhận PDF, Word, Excel, OpenDocument, ảnh JPG/PNG hoặc TXT.",
                    $"File '{f.FileName}': only PDF, Word, Excel, OpenDocument, JPG/PNG images or TXT are accepted."));
            }
            else if (f.Content.Length is 0 or > MaxBytes)
            {
                yield return new Problem("evidence", new Msg($"Tệp '{f.FileName}' phải lớn hơn 0 và không quá 10 MB.", $"File '{f.FileName}' must be non-empty and at most 10 MB."));
            }
            else if (!ContentMatches(f.FileName, f.Content))
            {
                yield return new Problem("evidence", new Msg(
                    $"Tệp '{f.FileName}': nội dung không đúng loại {Path.GetExtension(f.FileName).TrimStart('.').ToUpperInvariant()} (tệp bị đổi đuôi hoặc hỏng).",
                    $"File '{f.FileName}': the content is not a {Path.GetExtension(f.FileName).TrimStart('.').ToUpperInvariant()} file (renamed or damaged)."));
            }
        }
    }

    /// <summary>
    /// Writes the files under <paramref name="dataDirectory"/>/<paramref name="folder"/> as {uid}{extension}. If one write
    /// fails, those already written are removed; if the caller's save then fails, it calls <see cref="Delete"/>.
    /// </summary>
    public static async Task<List<StoredEvidence>> WriteAsync(string dataDirectory, string folder, IReadOnlyList<EvidenceUpload> files, CancellationToken ct)
    {
        var stored = new List<StoredEvidence>(files.Count);
        try
        {
            foreach (var file in files)
            {
                var uid = Common.Uid.New();
                var name = SafeName(file.FileName);
                var relative = Path.Combine(folder, $"{uid}{Path.GetExtension(name).ToLowerInvariant()}");
                var full = Path.Combine(dataDirectory, relative);
                Directory.CreateDirectory(Path.GetDirectoryName(full)!);
                await File.WriteAllBytesAsync(full, file.Content, ct);
                stored.Add(new StoredEvidence(uid, name, ContentTypeOf(name), file.Content.Length, relative));
            }
        }
        catch
        {
            Delete(dataDirectory, stored);
            throw;
        }

        return stored;
    }

    /// <summary>Removes written files whose rows were not saved.</summary>
    public static void Delete(string dataDirectory, IEnumerable<StoredEvidence> stored)
    {
        foreach (var s in stored)
        {
            File.Delete(Path.Combine(dataDirectory, s.StoredPath));
        }
    }

    /// <summary>The file name without a path, control or reserved characters, in NFC, at most 200 characters.</summary>
    public static string SafeName(string name)
    {
        var file = Path.GetFileName(name.Replace('\\', '/'));
        var clean = new string(file.Where(c => !char.IsControl(c) && c is not ('<' or '>' or '"' or ':' or '|' or '?' or '*')).ToArray()).Trim();
        clean = TextFold.Clean(clean);
        return clean.Length == 0 ? "tep" : clean.Length > 200 ? clean[^200..] : clean;
    }

    /// <summary>A folder name from an id (invariant digits).</summary>
    public static string Folder(string parent, int id) => Path.Combine("evidence", parent, id.ToString(CultureInfo.InvariantCulture));
}
