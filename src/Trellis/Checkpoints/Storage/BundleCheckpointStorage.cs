using Trellis.Checkpoints.Format;

namespace Trellis.Checkpoints.Storage;

/// <summary>Checkpoints as TensorFlow TensorBundle V2 files (<c>prefix.index</c>, <c>prefix.data-00000-of-00001</c>).</summary>
internal sealed class BundleCheckpointStorage : ICheckpointStorage
{
    /// <summary>The one instance.</summary>
    public static readonly BundleCheckpointStorage Instance = new();

    private BundleCheckpointStorage()
    {
    }

    /// <inheritdoc/>
    public void Write(string prefix, IReadOnlyList<KeyValuePair<string, Tensor>> tensors, byte[] objectGraph, bool bypassPageCache)
    {
        using var writer = new BundleWriter(prefix, bypassPageCache);
        foreach (var (key, value) in tensors)
        {
            writer.Add(key, value);
        }
        writer.AddStrings(BundleNames.ObjectGraphKey, [objectGraph]);
        writer.Finish();
    }

    /// <inheritdoc/>
    public ICheckpointSource Open(string prefix) => new Source(BundleReader.Open(prefix));

    /// <inheritdoc/>
    public bool Exists(string prefix) => File.Exists(BundleNames.IndexFile(prefix));

    /// <inheritdoc/>
    public void Delete(string prefix)
    {
        // The index goes first: without it the checkpoint no longer exists for readers, even if a data file remains.
        TryDelete(BundleNames.IndexFile(prefix));
        string dir = Path.GetDirectoryName(Path.GetFullPath(prefix))!;
        string name = Path.GetFileName(prefix);
        if (Directory.Exists(dir))
        {
            foreach (string file in Directory.GetFiles(dir, name + ".data-*"))
            {
                TryDelete(file);
            }
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Best effort, as TensorFlow: a file someone else removed or holds open is not worth failing a save over.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private sealed class Source(BundleReader reader) : ICheckpointSource
    {
        public string Prefix => reader.Prefix;

        public bool TryGetSpec(string key, out TensorSpec spec)
        {
            if (reader.Contains(key) && reader.GetEntry(key) is { DType: DType dtype } entry)
            {
                spec = new TensorSpec(entry.Shape, dtype);
                return true;
            }
            spec = default;
            return false;
        }

        public void ReadInto(string key, Span<byte> destination) => reader.ReadInto(key, destination);

        public Tensor ReadTensor(string key) => reader.ReadTensor(key);

        public byte[]? ReadObjectGraph()
        {
            if (!reader.Contains(BundleNames.ObjectGraphKey))
            {
                return null;
            }
            byte[][] elements = reader.ReadStrings(BundleNames.ObjectGraphKey);
            return elements.Length == 1 ? elements[0] : throw new TrellisFormatException(
                $"Checkpoint '{reader.Prefix}': '{BundleNames.ObjectGraphKey}' holds {elements.Length} strings; expected exactly 1 serialized TrackableObjectGraph.");
        }
    }
}
