using System.IO.Compression;

namespace Trellis.Saving;

/// <summary>
/// Reads a model archive without trusting it: only the expected member names (no absolute paths, no <c>..</c>),
/// each at most once; declared sizes bounded relative to the archive's size and enforced while inflating; every
/// member's CRC-32 checked. Every failure is a <see cref="TrellisFormatException"/> naming the member.
/// </summary>
internal static class SafeArchiveReader
{
    public static ArchiveContents Read(string path)
    {
        byte[] file;
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                throw new TrellisFormatException($"No model archive at '{path}' (full path '{info.FullName}'). Check the path, or save one with model.Save(path).");
            }
            file = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new TrellisFormatException($"The model archive '{path}' cannot be read: {e.Message}", e);
        }
        return Read(file, path);
    }

    public static ArchiveContents Read(byte[] file, string name)
    {
        long budget = MaxInflation(file.Length);
        var members = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        try
        {
            using var archive = new ZipArchive(new MemoryStream(file, writable: false), ZipArchiveMode.Read);
            if (archive.Entries.Count > ArchiveMembers.All.Length)
            {
                throw new TrellisFormatException(
                    $"'{name}' has {archive.Entries.Count} members; a model archive has exactly {ArchiveMembers.All.Length}: {string.Join(", ", ArchiveMembers.All)}.");
            }
            long total = 0;
            foreach (var entry in archive.Entries)
            {
                string member = CheckName(entry.FullName, name);
                if (members.ContainsKey(member))
                {
                    throw new TrellisFormatException($"'{name}' holds the member '{member}' twice; each member may appear once.");
                }
                long limit = member.EndsWith(".json", StringComparison.Ordinal) ? Math.Min(ArchiveMembers.MaxJsonBytes, budget) : budget;
                if (entry.Length < 0 || entry.Length > limit || entry.Length > Array.MaxLength)
                {
                    throw new TrellisFormatException(
                        $"'{name}': member '{member}' declares {entry.Length} bytes uncompressed, more than the {limit} allowed for a {file.Length}-byte archive (a damaged file or a zip bomb).");
                }
                total += entry.Length;
                if (total > budget)
                {
                    throw new TrellisFormatException($"'{name}': the members declare {total} bytes in all, more than the {budget} allowed for a {file.Length}-byte archive (a damaged file or a zip bomb).");
                }
                members[member] = ReadMember(entry, member, name);
            }
        }
        catch (Exception e) when (e is not TrellisFormatException)
        {
            throw new TrellisFormatException($"'{name}' is not a readable model archive (a zip file): {e.Message}", e);
        }
        var missing = ArchiveMembers.All.Where(m => !members.ContainsKey(m)).ToList();
        if (missing.Count > 0)
        {
            throw new TrellisFormatException($"'{name}' lacks the member(s) {string.Join(", ", missing)}; a model archive has {string.Join(", ", ArchiveMembers.All)}. The file is incomplete or not a Trellis model.");
        }
        return new ArchiveContents(name, members[ArchiveMembers.Metadata], members[ArchiveMembers.Config], members[ArchiveMembers.WeightsIndex], members[ArchiveMembers.WeightsData]);
    }

    public static long MaxInflation(long fileLength) => (fileLength * ArchiveMembers.MaxInflation) + ArchiveMembers.InflationSlack;

    private static string CheckName(string member, string name)
    {
        if (member.Length == 0 || member.Length > 256 || Path.IsPathRooted(member) || member.Contains("..", StringComparison.Ordinal)
            || member.Contains('\\', StringComparison.Ordinal) || member.Contains(':', StringComparison.Ordinal) || member.StartsWith('/') || member.Any(char.IsControl))
        {
            throw new TrellisFormatException(
                $"'{name}' has a member with an unsafe name '{Printable(member)}' (absolute, with '..', a drive or a backslash); a model archive holds only {string.Join(", ", ArchiveMembers.All)}.");
        }
        if (!ArchiveMembers.All.Contains(member))
        {
            throw new TrellisFormatException($"'{name}' has an unexpected member '{Printable(member)}'; a model archive holds only {string.Join(", ", ArchiveMembers.All)}.");
        }
        return member;
    }

    private static string Printable(string s)
    {
        var chars = s.Take(80).Select(c => char.IsControl(c) ? '?' : c).ToArray();
        return new string(chars) + (s.Length > 80 ? "..." : "");
    }

    private static byte[] ReadMember(ZipArchiveEntry entry, string member, string name)
    {
        var bytes = new byte[entry.Length];
        using (var stream = entry.Open())
        {
            int read = 0;
            while (read < bytes.Length)
            {
                int n = stream.Read(bytes, read, bytes.Length - read);
                if (n <= 0)
                {
                    throw new TrellisFormatException($"'{name}': member '{member}' ends after {read} of its declared {bytes.Length} bytes. The archive is truncated or damaged.");
                }
                read += n;
            }
            Span<byte> probe = stackalloc byte[1];
            if (stream.Read(probe) != 0)
            {
                throw new TrellisFormatException($"'{name}': member '{member}' holds more than its declared {bytes.Length} bytes. The archive is damaged (or lies about its sizes).");
            }
        }
        uint crc = ArchiveCrc32.Compute(bytes);
        if (crc != entry.Crc32)
        {
            throw new TrellisFormatException($"'{name}': member '{member}' fails its CRC-32 check (stored {entry.Crc32:x8}, computed {crc:x8}). The archive is damaged.");
        }
        return bytes;
    }
}
