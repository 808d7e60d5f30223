using System.IO.Compression;

namespace Trellis.Interop.Safetensors;

/// <summary>Reads the weights bundle inside a whole-model archive (a zip written by <c>Model.Save</c>).</summary>
internal static class ModelArchiveWeights
{
    private const string IndexMember = "model.weights.index";
    private const string DataMember = "model.weights.data-00000-of-00001";

    /// <summary>True when <paramref name="path"/> is a zip file (a model archive or a Keras <c>.keras</c> file).</summary>
    public static bool IsZip(string path)
    {
        if (!File.Exists(path))
        {
            return false;
        }
        using var f = File.OpenRead(path);
        Span<byte> magic = stackalloc byte[4];
        return f.Read(magic) == 4 && magic[0] == (byte)'P' && magic[1] == (byte)'K' && magic[2] == 3 && magic[3] == 4;
    }

    /// <summary>Extracts the archive's bundle to a temporary directory, reads it with <paramref name="read"/>, and deletes the copy.</summary>
    public static T Read<T>(string archivePath, Func<string, T> read)
    {
        string dir = Path.Combine(Path.GetTempPath(), "trellis-archive-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            try
            {
                using var zip = ZipFile.OpenRead(archivePath);
                foreach (string member in new[] { IndexMember, DataMember })
                {
                    var entry = zip.GetEntry(member) ?? throw new TrellisFormatException(
                        $"'{archivePath}' is a zip without '{member}'; expected a Trellis model archive written by Model.Save.");
                    // Extract by name only: never let a member path choose where the file goes.
                    entry.ExtractToFile(Path.Combine(dir, member));
                }
            }
            catch (InvalidDataException ex)
            {
                throw new TrellisFormatException($"'{archivePath}' is not a readable zip archive: {ex.Message}", ex);
            }
            return read(Path.Combine(dir, "model.weights"));
        }
        finally
        {
            try
            {
                Directory.Delete(dir, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
