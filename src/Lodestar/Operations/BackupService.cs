using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Reflection;
using System.Security.Cryptography;
using System.Text.Json;
using Lodestar.Data;
using Lodestar.Setup;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Lodestar.Operations;

/// <summary>What a backup holds, written as manifest.json inside the archive.</summary>
public sealed record BackupManifest(
    string Format,
    DateTime CreatedAt,
    string Provider,
    string? LastMigration,
    string Version,
    IReadOnlyList<BackupEntry> Entries);

/// <summary>One file of the archive with its size and SHA-256, checked before anything is restored.</summary>
public sealed record BackupEntry(string Path, long Bytes, string Sha256);

/// <summary>A backup or restore that could not be done, with the reason in Vietnamese and English.</summary>
public sealed class BackupException(string vi, string en) : Exception(en)
{
    public string Vi { get; } = vi;
}

/// <summary>
/// One archive (.zip) with the database and every file of the data directory (evidence, keys), so a province can be
/// moved to a new server or put back as it was. SQLite is copied with its online backup API (consistent while
/// Lodestar runs); PostgreSQL with pg_dump in its custom format and restored with pg_restore in one transaction.
/// Every entry is checked against the manifest before anything is replaced, so a damaged archive changes nothing.
/// See docs/operations.md.
/// </summary>
public sealed class BackupService(LodestarOptions options, LodestarDbContext db, TimeProvider clock)
{
    public const string Format = "lodestar-backup/1";
    private const string ManifestName = "manifest.json";
    private const string SqliteEntry = "database/lodestar.db";
    private const string PostgresEntry = "database/lodestar.dump";
    private const string FilesPrefix = "files/";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    private string Provider => options.UsesPostgres ? "postgres" : "sqlite";

    /// <summary>Writes the archive to <paramref name="path"/> (through a temporary file, so a failure leaves no half archive).</summary>
    public async Task<BackupManifest> BackupAsync(string path, CancellationToken ct = default)
    {
        path = Path.GetFullPath(path);
        var work = Directory.CreateTempSubdirectory("lodestar-backup-").FullName;
        var partial = path + ".partial";
        try
        {
            var dump = Path.Combine(work, "db");
            if (options.UsesPostgres)
            {
                await RunPgToolAsync("pg_dump", ["--format=custom", "--no-owner", "--file", dump], ct);
            }
            else
            {
                CopySqlite(options.SqlitePath, dump);
            }

            var entries = new List<BackupEntry>();
            await using (var stream = File.Create(partial))
            using (var zip = new ZipArchive(stream, ZipArchiveMode.Create))
            {
                entries.Add(await AddAsync(zip, options.UsesPostgres ? PostgresEntry : SqliteEntry, dump, ct));
                foreach (var file in DataFiles())
                {
                    var relative = Path.GetRelativePath(options.DataDirectory, file).Replace('\\', '/');
                    entries.Add(await AddAsync(zip, FilesPrefix + relative, file, ct));
                }

                var manifest = new BackupManifest(Format, clock.GetUtcNow().UtcDateTime, Provider, await LastMigrationAsync(ct), VersionText(), entries);
                await using var m = zip.CreateEntry(ManifestName).Open();
                await JsonSerializer.SerializeAsync(m, manifest, Json, ct);
                File.Move(partial, path, overwrite: true);
                return manifest;
            }
        }
        finally
        {
            File.Delete(partial);
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>
    /// Puts the database and the data files back as they were in the archive. Refuses a damaged archive, an archive of
    /// the other database kind, and (without <paramref name="force"/>) a database that already holds data.
    /// With SQLite, Lodestar must be stopped first.
    /// </summary>
    public async Task<BackupManifest> RestoreAsync(string path, bool force, CancellationToken ct = default)
    {
        if (!File.Exists(path))
        {
            throw new BackupException($"Không tìm thấy tệp sao lưu {path}.", $"Backup file {path} not found.");
        }

        var work = Directory.CreateTempSubdirectory("lodestar-restore-").FullName;
        try
        {
            var manifest = ExtractChecked(path, work);
            if (manifest.Provider != Provider)
            {
                throw new BackupException(
                    $"Bản sao lưu là của cơ sở dữ liệu {manifest.Provider}, nhưng Lodestar đang cấu hình {Provider}.",
                    $"The backup is of a {manifest.Provider} database but Lodestar is configured for {Provider}.");
            }

            if (!force && await HoldsDataAsync(ct))
            {
                throw new BackupException(
                    "Cơ sở dữ liệu đích đã có dữ liệu; thêm --force để thay thế toàn bộ.",
                    "The target database already holds data; add --force to replace it entirely.");
            }

            var dump = Path.Combine(work, options.UsesPostgres ? PostgresEntry : SqliteEntry);
            if (options.UsesPostgres)
            {
                await RunPgToolAsync("pg_restore", ["--clean", "--if-exists", "--no-owner", "--single-transaction", "--exit-on-error", dump], ct);
            }
            else
            {
                ReplaceSqlite(dump);
            }

            var files = Path.Combine(work, "files");
            if (Directory.Exists(files))
            {
                foreach (var file in Directory.EnumerateFiles(files, "*", SearchOption.AllDirectories))
                {
                    var target = Path.Combine(options.DataDirectory, Path.GetRelativePath(files, file));
                    Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                    File.Copy(file, target, overwrite: true);
                }
            }

            return manifest;
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>Files of the data directory that belong in a backup: all but the live SQLite files.</summary>
    private IEnumerable<string> DataFiles()
    {
        if (!Directory.Exists(options.DataDirectory))
        {
            return [];
        }

        var live = new[] { options.SqlitePath, options.SqlitePath + "-wal", options.SqlitePath + "-shm", options.SqlitePath + "-journal" };
        return Directory.EnumerateFiles(options.DataDirectory, "*", SearchOption.AllDirectories)
            .Where(f => !live.Contains(Path.GetFullPath(f), StringComparer.Ordinal) && !f.EndsWith(".partial", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);
    }

    private static async Task<BackupEntry> AddAsync(ZipArchive zip, string name, string file, CancellationToken ct)
    {
        await using var source = File.OpenRead(file);
        await using (var target = zip.CreateEntry(name, CompressionLevel.Fastest).Open())
        {
            await source.CopyToAsync(target, ct);
        }

        source.Position = 0;
        var hash = Convert.ToHexStringLower(await SHA256.HashDataAsync(source, ct));
        return new BackupEntry(name, source.Length, hash);
    }

    /// <summary>Extracts every entry into <paramref name="work"/> and checks it against the manifest; nothing outside work is touched.</summary>
    private static BackupManifest ExtractChecked(string path, string work)
    {
        BackupManifest? manifest;
        try
        {
            using var zip = ZipFile.OpenRead(path);
            var manifestEntry = zip.GetEntry(ManifestName)
                ?? throw new BackupException("Tệp không phải bản sao lưu Lodestar (thiếu manifest.json).", "Not a Lodestar backup (manifest.json is missing).");
            using (var m = manifestEntry.Open())
            {
                manifest = JsonSerializer.Deserialize<BackupManifest>(m, Json);
            }

            if (manifest is null || manifest.Format != Format)
            {
                throw new BackupException($"Định dạng sao lưu không được hỗ trợ (cần {Format}).", $"Unsupported backup format (expected {Format}).");
            }

            var root = Path.GetFullPath(work) + Path.DirectorySeparatorChar;
            foreach (var entry in manifest.Entries)
            {
                var zipEntry = zip.GetEntry(entry.Path)
                    ?? throw new BackupException($"Bản sao lưu thiếu tệp {entry.Path}.", $"The backup lacks {entry.Path}.");
                var target = Path.GetFullPath(Path.Combine(work, entry.Path));
                if (!target.StartsWith(root, StringComparison.Ordinal))
                {
                    throw new BackupException($"Đường dẫn không hợp lệ trong bản sao lưu: {entry.Path}.", $"Invalid path in the backup: {entry.Path}.");
                }

                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                zipEntry.ExtractToFile(target);
                using var f = File.OpenRead(target);
                if (f.Length != entry.Bytes || Convert.ToHexStringLower(SHA256.HashData(f)) != entry.Sha256)
                {
                    throw new BackupException($"Tệp {entry.Path} trong bản sao lưu bị hỏng (sai tổng kiểm tra).", $"{entry.Path} in the backup is damaged (checksum mismatch).");
                }
            }
        }
        catch (InvalidDataException e)
        {
            throw new BackupException($"Tệp sao lưu bị hỏng: {e.Message}", $"The backup file is damaged: {e.Message}");
        }

        return manifest;
    }

    private static void CopySqlite(string source, string target)
    {
        if (!File.Exists(source))
        {
            throw new BackupException($"Không có cơ sở dữ liệu tại {source}.", $"There is no database at {source}.");
        }

        using var from = new SqliteConnection($"Data Source={source};Mode=ReadOnly;Pooling=False");
        using var to = new SqliteConnection($"Data Source={target};Pooling=False");
        from.Open();
        to.Open();
        from.BackupDatabase(to);
    }

    /// <summary>Copies the archived database over the live one through SQLite's backup API (a page-by-page copy in one step).</summary>
    private void ReplaceSqlite(string archived)
    {
        Setup.LodestarServices.CreateDataDirectory(options.DataDirectory);
        SqliteConnection.ClearAllPools();
        using var from = new SqliteConnection($"Data Source={archived};Mode=ReadOnly;Pooling=False");
        using var to = new SqliteConnection($"Data Source={options.SqlitePath};Pooling=False");
        from.Open();
        to.Open();
        from.BackupDatabase(to);
    }

    private async Task<bool> HoldsDataAsync(CancellationToken ct)
    {
        if (!options.UsesPostgres && !File.Exists(options.SqlitePath))
        {
            return false;
        }

        try
        {
            return (await db.Database.GetAppliedMigrationsAsync(ct)).Any();
        }
        catch (Exception e) when (e is SqliteException or NpgsqlException)
        {
            return false;
        }
    }

    private async Task<string?> LastMigrationAsync(CancellationToken ct) =>
        (await db.Database.GetAppliedMigrationsAsync(ct)).LastOrDefault();

    private static string VersionText() =>
        typeof(LodestarDbContext).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    private async Task RunPgToolAsync(string tool, IReadOnlyList<string> args, CancellationToken ct)
    {
        var cs = new NpgsqlConnectionStringBuilder(options.PostgresConnection);
        var psi = new ProcessStartInfo(PgTool(tool)) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        psi.ArgumentList.Add("--dbname");
        psi.ArgumentList.Add(cs.Database ?? "postgres");
        psi.Environment["PGHOST"] = cs.Host;
        psi.Environment["PGPORT"] = cs.Port.ToString(CultureInfo.InvariantCulture);
        psi.Environment["PGUSER"] = cs.Username;
        if (!string.IsNullOrEmpty(cs.Password))
        {
            psi.Environment["PGPASSWORD"] = cs.Password;
        }

        using var process = Process.Start(psi)!;
        var stderr = process.StandardError.ReadToEndAsync(ct);
        await process.StandardOutput.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        if (process.ExitCode != 0)
        {
            var message = (await stderr).Trim();
            throw new BackupException($"{tool} thất bại (mã {process.ExitCode}): {message}", $"{tool} failed (exit {process.ExitCode}): {message}");
        }
    }

    /// <summary>pg_dump / pg_restore: LODESTAR_PG_BIN, else the newest /usr/lib/postgresql/*/bin, else the PATH.</summary>
    private string PgTool(string tool)
    {
        var dirs = new List<string>();
        if (!string.IsNullOrWhiteSpace(options.PostgresBin))
        {
            dirs.Add(options.PostgresBin);
        }

        if (Directory.Exists("/usr/lib/postgresql"))
        {
            dirs.AddRange(Directory.GetDirectories("/usr/lib/postgresql")
                .OrderByDescending(d => int.TryParse(Path.GetFileName(d), out var v) ? v : 0)
                .Select(d => Path.Combine(d, "bin")));
        }

        dirs.AddRange((Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries));
        return dirs.Select(d => Path.Combine(d, tool)).FirstOrDefault(File.Exists)
            ?? throw new BackupException(
                $"Không tìm thấy {tool}; cài gói postgresql-client hoặc đặt LODESTAR_PG_BIN.",
                $"{tool} not found; install postgresql-client or set LODESTAR_PG_BIN.");
    }
}
