using System.IO.Compression;
using System.Text;
using Trellis.Saving;

namespace Trellis.Tests.Saving;

/// <summary>One way to damage a model archive, with the random numbers that pick where and how.</summary>
public sealed record ArchiveMutation(ArchiveMutation.Kind What, int A, int B, int C)
{
    public enum Kind
    {
        FlipBytes,
        Truncate,
        RemoveMember,
        EditJson,
        LieAboutSize,
        DamageBundleMember,
        AddOrRenameMember,
        Garbage,
    }

    private static readonly string[] s_jsonValues =
    [
        "null", "-1", "0", "1", "2147483648", "99999999999", "1e308", "-1e308", "0.5", "\"\"", "\"relu\"", "\"Dense\"", "\"../x\"",
        "true", "[]", "{}", "[null, 1000000000]", "[1,2,3]", "{\"class_name\": \"Sequential\", \"config\": {}}", "\"float64\"", "\"int8\"",
    ];

    /// <summary>The damaged archive.</summary>
    public byte[] Apply(byte[] archive) => What switch
    {
        Kind.FlipBytes => FlipBytes(archive),
        Kind.Truncate => archive[..(A % archive.Length)],
        Kind.RemoveMember => Rewrite(archive, (name, bytes) => name == ArchiveMembers.All[A % ArchiveMembers.All.Length] ? null : bytes),
        Kind.EditJson => Rewrite(archive, (name, bytes) => name == (A % 3 == 0 ? ArchiveMembers.Metadata : ArchiveMembers.Config) ? EditJson(bytes) : bytes),
        Kind.LieAboutSize => LieAboutSize(archive),
        Kind.DamageBundleMember => Rewrite(archive, (name, bytes) => name == (A % 2 == 0 ? ArchiveMembers.WeightsIndex : ArchiveMembers.WeightsData) ? DamageBytes(bytes) : bytes),
        Kind.AddOrRenameMember => AddOrRename(archive),
        _ => Garbage(),
    };

    private byte[] FlipBytes(byte[] archive)
    {
        var copy = (byte[])archive.Clone();
        var random = new Random(A);
        for (int i = 0; i < 1 + (B % 8); i++)
        {
            copy[random.Next(copy.Length)] ^= (byte)(1 + random.Next(255));
        }
        return copy;
    }

    private byte[] DamageBytes(byte[] bytes)
    {
        if (bytes.Length == 0)
        {
            return [1, 2, 3];
        }
        var random = new Random(B);
        if (C % 4 == 0)
        {
            return bytes[..random.Next(bytes.Length)];
        }
        var copy = (byte[])bytes.Clone();
        for (int i = 0; i < 1 + (C % 4); i++)
        {
            copy[random.Next(copy.Length)] ^= (byte)(1 + random.Next(255));
        }
        return copy;
    }

    private byte[] EditJson(byte[] json)
    {
        // Replace one JSON value (found by scanning tokens) with another, or drop a key, keeping the CRC valid.
        string text = Encoding.UTF8.GetString(json);
        var spots = new List<(int Start, int Length)>();
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] == ':')
            {
                int start = i + 1;
                while (start < text.Length && text[start] == ' ')
                {
                    start++;
                }
                int end = start;
                if (end < text.Length && text[end] == '"')
                {
                    end = text.IndexOf('"', end + 1) + 1;
                }
                else
                {
                    while (end < text.Length && text[end] is not (',' or '}' or ']' or '\n' or '\r' or '{' or '['))
                    {
                        end++;
                    }
                }
                if (end > start)
                {
                    spots.Add((start, end - start));
                }
            }
        }
        if (spots.Count == 0)
        {
            return json;
        }
        var (s, l) = spots[B % spots.Count];
        var other = spots[(int)(((long)B + C) % spots.Count)];
        string replacement = C % 5 == 4 ? text.Substring(other.Start, other.Length) : s_jsonValues[C % s_jsonValues.Length];
        return Encoding.UTF8.GetBytes(text[..s] + replacement + text[(s + l)..]);
    }

    private byte[] LieAboutSize(byte[] archive)
    {
        // Local file headers (PK\3\4) keep sizes at +18/+22, central directory entries (PK\1\2) at +20/+24.
        var copy = (byte[])archive.Clone();
        var headers = new List<int>();
        for (int i = 0; i + 30 < copy.Length; i++)
        {
            if (copy[i] == 'P' && copy[i + 1] == 'K' && ((copy[i + 2] == 3 && copy[i + 3] == 4) || (copy[i + 2] == 1 && copy[i + 3] == 2)))
            {
                headers.Add(i);
            }
        }
        if (headers.Count == 0)
        {
            return copy;
        }
        int h = headers[A % headers.Count];
        bool central = copy[h + 2] == 1;
        int field = h + (central ? 20 : 18) + (B % 2 == 0 ? 4 : 0);
        uint value = (C % 4) switch
        {
            0 => 0xFFFFFFFFu,
            1 => (uint)C * 977u,
            2 => BitConverter.ToUInt32(copy, field) + 1,
            _ => BitConverter.ToUInt32(copy, field) / 2,
        };
        BitConverter.GetBytes(value).CopyTo(copy, field);
        return copy;
    }

    private byte[] AddOrRename(byte[] archive)
    {
        string[] names = ["../evil.json", "/etc/passwd", "C:\\x", "extra.bin", ArchiveMembers.Config, "model.weights.data-00000-of-00002"];
        string extra = names[B % names.Length];
        var members = Read(archive);
        if (C % 2 == 0)
        {
            members.Add((extra, [1, 2, 3]));
        }
        else
        {
            int i = A % members.Count;
            members[i] = (extra, members[i].Bytes);
        }
        return Write(members);
    }

    private byte[] Garbage()
    {
        var bytes = new byte[A % 4096];
        new Random(B).NextBytes(bytes);
        if (C % 2 == 0 && bytes.Length >= 4)
        {
            bytes[0] = (byte)'P';
            bytes[1] = (byte)'K';
            bytes[2] = 3;
            bytes[3] = 4;
        }
        return bytes;
    }

    /// <summary>The archive with its config.json text replaced by <paramref name="edit"/>'s result.</summary>
    public static byte[] EditConfig(byte[] archive, Func<string, string> edit)
        => Rewrite(archive, (name, bytes) => name == ArchiveMembers.Config ? Encoding.UTF8.GetBytes(edit(Encoding.UTF8.GetString(bytes))) : bytes);

    private static byte[] Rewrite(byte[] archive, Func<string, byte[], byte[]?> change)
    {
        var members = new List<(string Name, byte[] Bytes)>();
        foreach (var (name, bytes) in Read(archive))
        {
            if (change(name, bytes) is { } changed)
            {
                members.Add((name, changed));
            }
        }
        return Write(members);
    }

    private static List<(string Name, byte[] Bytes)> Read(byte[] archive)
    {
        using var zip = new ZipArchive(new MemoryStream(archive), ZipArchiveMode.Read);
        var result = new List<(string, byte[])>();
        foreach (var entry in zip.Entries)
        {
            using var stream = entry.Open();
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            result.Add((entry.FullName, buffer.ToArray()));
        }
        return result;
    }

    private static byte[] Write(List<(string Name, byte[] Bytes)> members)
    {
        using var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, bytes) in members)
            {
                using var stream = zip.CreateEntry(name, CompressionLevel.Fastest).Open();
                stream.Write(bytes);
            }
        }
        return output.ToArray();
    }
}
