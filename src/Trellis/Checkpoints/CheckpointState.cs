using System.Globalization;
using System.Text;
using Trellis.Checkpoints.Format;

namespace Trellis.Checkpoints;

/// <summary>
/// TensorFlow's <c>checkpoint</c> state file (a CheckpointState proto in text format) that names a directory's latest
/// checkpoint and the ones kept. It is written to a temporary file, fsynced and renamed, and only ever after the
/// checkpoints it names are complete, so a crash never leaves it naming half a checkpoint.
/// </summary>
internal sealed record CheckpointState(string? ModelCheckpointPath, IReadOnlyList<string> AllModelCheckpointPaths,
    IReadOnlyList<double> AllModelCheckpointTimestamps, double? LastPreservedTimestamp)
{
    /// <summary>The state file's name in a checkpoint directory.</summary>
    public const string FileName = "checkpoint";

    /// <summary>The state of <paramref name="directory"/>, or null when it has no (readable) state file.</summary>
    /// <exception cref="TrellisFormatException">The file exists but is not a CheckpointState in text format.</exception>
    public static CheckpointState? Read(string directory)
    {
        string file = Path.Combine(directory, FileName);
        if (!File.Exists(file))
        {
            return null;
        }
        string? latest = null;
        double? preserved = null;
        var paths = new List<string>();
        var stamps = new List<double>();
        foreach (string raw in File.ReadAllLines(file))
        {
            string line = raw.Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }
            int colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0)
            {
                throw Malformed(file, line);
            }
            string field = line[..colon].Trim(), value = line[(colon + 1)..].Trim();
            switch (field)
            {
                case "model_checkpoint_path":
                    latest = ParseString(value, file, line);
                    break;
                case "all_model_checkpoint_paths":
                    paths.Add(ParseString(value, file, line));
                    break;
                case "all_model_checkpoint_timestamps":
                    stamps.Add(ParseDouble(value, file, line));
                    break;
                case "last_preserved_timestamp":
                    preserved = ParseDouble(value, file, line);
                    break;
                default:
                    break;   // COMPAT: fields added by later TensorFlow versions are ignored, as proto text parsers may.
            }
        }
        return new CheckpointState(latest, paths, stamps, preserved);
    }

    /// <summary>Writes the state file of <paramref name="directory"/> atomically (temporary file, fsync, rename).</summary>
    public void Write(string directory)
    {
        var text = new StringBuilder();
        if (ModelCheckpointPath is not null)
        {
            text.Append("model_checkpoint_path: \"").Append(Escape(ModelCheckpointPath)).Append("\"\n");
        }
        foreach (string path in AllModelCheckpointPaths)
        {
            text.Append("all_model_checkpoint_paths: \"").Append(Escape(path)).Append("\"\n");
        }
        foreach (double stamp in AllModelCheckpointTimestamps)
        {
            text.Append("all_model_checkpoint_timestamps: ").Append(stamp.ToString("R", CultureInfo.InvariantCulture)).Append('\n');
        }
        if (LastPreservedTimestamp is { } p)
        {
            text.Append("last_preserved_timestamp: ").Append(p.ToString("R", CultureInfo.InvariantCulture)).Append('\n');
        }
        using var file = new AtomicFile(Path.Combine(directory, FileName));
        file.Stream.Write(Encoding.UTF8.GetBytes(text.ToString()));
        file.FlushToDisk();
        file.Commit();
    }

    /// <summary>Protobuf text-format (C) escaping: printable ASCII as is, other bytes of the UTF-8 as octal.</summary>
    private static string Escape(string s)
    {
        var sb = new StringBuilder();
        foreach (byte b in Encoding.UTF8.GetBytes(s))
        {
            switch (b)
            {
                case (byte)'"': sb.Append("\\\""); break;
                case (byte)'\\': sb.Append(@"\\"); break;
                case (byte)'\'': sb.Append("\\'"); break;
                case (byte)'\n': sb.Append("\\n"); break;
                case (byte)'\r': sb.Append("\\r"); break;
                case (byte)'\t': sb.Append("\\t"); break;
                default:
                    if (b is >= 0x20 and < 0x7f)
                    {
                        sb.Append((char)b);
                    }
                    else
                    {
                        sb.Append('\\').Append(Convert.ToString(b, 8).PadLeft(3, '0'));
                    }
                    break;
            }
        }
        return sb.ToString();
    }

    private static string ParseString(string value, string file, string line)
    {
        if (value.Length < 2 || value[0] != '"' || value[^1] != '"')
        {
            throw Malformed(file, line);
        }
        var bytes = new List<byte>();
        string s = value[1..^1];
        for (int i = 0; i < s.Length; i++)
        {
            if (s[i] != '\\')
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(s[i].ToString()));
                continue;
            }
            if (++i >= s.Length)
            {
                throw Malformed(file, line);
            }
            if (s[i] is >= '0' and <= '7')
            {
                int v = 0, n = 0;
                for (; n < 3 && i < s.Length && s[i] is >= '0' and <= '7'; n++, i++)
                {
                    v = (v * 8) + (s[i] - '0');
                }
                i--;
                bytes.Add((byte)v);
                continue;
            }
            bytes.Add(s[i] switch { 'n' => (byte)'\n', 't' => (byte)'\t', 'r' => (byte)'\r', char c => (byte)c });
        }
        return Encoding.UTF8.GetString(bytes.ToArray());
    }

    private static double ParseDouble(string value, string file, string line) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) ? d : throw Malformed(file, line);

    private static TrellisFormatException Malformed(string file, string line) => new(
        $"The checkpoint state file '{file}' has a line that is not CheckpointState text format: '{line}'. " +
        "Expected lines like model_checkpoint_path: \"ckpt-3\". Delete the file to start over, or fix the line.");
}
