using System.Text;
using System.Text.RegularExpressions;
using Trellis.Checkpoints.Format;

namespace Trellis.Checkpoints;

/// <summary>Turning the path a user gives into a bundle prefix.</summary>
public sealed partial class CheckpointReader
{
    private const string StateFileName = "checkpoint";

    private static string ResolvePrefix(string path)
    {
        if (!Directory.Exists(path))
        {
            // A data shard given instead of the prefix: ckpt-3.data-00000-of-00001 -> ckpt-3.
            Match shard = DataShardSuffix().Match(path);
            return shard.Success && File.Exists(path) ? path[..shard.Index] : path;
        }
        string state = Path.Combine(path, StateFileName);
        if (File.Exists(state))
        {
            string? latest = ReadLatestFromStateFile(state);
            if (latest is null)
            {
                throw new TrellisFormatException($"The checkpoint state file '{state}' names no model_checkpoint_path. Pass a checkpoint prefix instead of the directory.");
            }
            return LocateStatePath(path, latest);
        }
        string savedModel = Path.Combine(path, "variables", "variables");
        if (File.Exists(BundleNames.IndexFile(savedModel)))
        {
            return savedModel;
        }
        string variablesDir = Path.Combine(path, "variables");
        if (File.Exists(BundleNames.IndexFile(variablesDir)))
        {
            return variablesDir;
        }
        var indexes = Directory.GetFiles(path, "*.index");
        if (indexes.Length == 1)
        {
            return indexes[0][..^".index".Length];
        }
        throw new TrellisFormatException(
            $"'{path}' is a directory without a checkpoint: expected a '{StateFileName}' state file, a SavedModel 'variables/variables.index', or a single '*.index' file" +
            (indexes.Length > 1 ? $" (it has {indexes.Length} .index files; pass one prefix)." : "."));
    }

    // TensorFlow records paths as written at save time; a moved directory keeps working by looking next to the state file.
    private static string LocateStatePath(string directory, string recorded)
    {
        string candidate = Path.IsPathRooted(recorded) ? recorded : Path.Combine(directory, recorded);
        if (File.Exists(BundleNames.IndexFile(candidate)) || File.Exists(candidate))
        {
            return candidate;
        }
        string local = Path.Combine(directory, Path.GetFileName(recorded));
        return File.Exists(BundleNames.IndexFile(local)) || File.Exists(local) ? local : candidate;
    }

    /// <summary>Reads <c>model_checkpoint_path</c> from a text-format CheckpointState file.</summary>
    private static string? ReadLatestFromStateFile(string stateFile)
    {
        foreach (string line in File.ReadLines(stateFile))
        {
            string trimmed = line.Trim();
            const string field = "model_checkpoint_path:";
            if (!trimmed.StartsWith(field, StringComparison.Ordinal))
            {
                continue;
            }
            string value = trimmed[field.Length..].Trim();
            if (value.Length < 2 || value[0] != '"' || value[^1] != '"')
            {
                throw new TrellisFormatException($"The checkpoint state file '{stateFile}' has a malformed line: {trimmed}. Expected model_checkpoint_path: \"<prefix>\".");
            }
            return Unescape(value[1..^1], stateFile);
        }
        return null;
    }

    // Text-format strings use C escapes; paths rarely need them but Windows backslashes and non-ASCII names do.
    private static string Unescape(string s, string stateFile)
    {
        var bytes = new List<byte>(s.Length);
        for (int i = 0; i < s.Length; i++)
        {
            char c = s[i];
            if (c != '\\')
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(c.ToString()));
                continue;
            }
            if (++i >= s.Length)
            {
                throw new TrellisFormatException($"The checkpoint state file '{stateFile}' has a string ending in a lone backslash.");
            }
            c = s[i];
            if (c is >= '0' and <= '7')
            {
                int v = 0;
                int n = 0;
                while (n < 3 && i < s.Length && s[i] is >= '0' and <= '7')
                {
                    v = (v * 8) + (s[i] - '0');
                    i++;
                    n++;
                }
                i--;
                bytes.Add((byte)v);
                continue;
            }
            bytes.Add(c switch
            {
                'n' => (byte)'\n',
                't' => (byte)'\t',
                'r' => (byte)'\r',
                _ => (byte)c,
            });
        }
        return Encoding.UTF8.GetString(bytes.ToArray());
    }

    [GeneratedRegex(@"\.data-\d{5}-of-\d{5}$")]
    private static partial Regex DataShardSuffix();
}
