using Trellis.Checkpoints.Format;
using Trellis.Checkpoints.Storage;

namespace Trellis.Saving;

/// <summary>
/// Opens a TensorBundle and reads every tensor at once (checking each CRC32C), so the bundle's temporary files can be
/// deleted right after the restore while optimizer slots are still restored later, on the first training step.
/// Sizes are checked against the data file before anything is allocated.
/// </summary>
internal sealed class EagerBundleStorage(long dataLength) : ICheckpointStorage
{
    public void Write(string prefix, IReadOnlyList<KeyValuePair<string, Tensor>> tensors, byte[] objectGraph)
        => BundleCheckpointStorage.Instance.Write(prefix, tensors, objectGraph);

    public ICheckpointSource Open(string prefix)
    {
        var reader = BundleReader.Open(prefix);
        var tensors = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        byte[]? graph = null;
        foreach (string key in reader.Keys)
        {
            var info = reader.GetEntry(key);
            if (info.SizeInBytes > dataLength)
            {
                throw new TrellisFormatException($"{ArchiveMembers.WeightsIndex}: tensor '{key}' claims {info.SizeInBytes} bytes, but the data member has {dataLength}. The weights are damaged.");
            }
            if (key == BundleNames.ObjectGraphKey)
            {
                if (info.Shape.Size != 1)
                {
                    throw new TrellisFormatException($"{ArchiveMembers.WeightsIndex}: '{key}' has shape {info.Shape}; expected one serialized object graph.");
                }
                byte[][] strings = reader.ReadStrings(key);
                graph = strings.Length == 1 ? strings[0] : throw new TrellisFormatException($"{ArchiveMembers.WeightsIndex}: '{key}' holds {strings.Length} strings; expected 1.");
                continue;
            }
            if (info.DType is not DType dtype)
            {
                continue;
            }
            if ((double)info.Shape.Size * dtype.SizeInBytes() > dataLength)
            {
                throw new TrellisFormatException($"{ArchiveMembers.WeightsIndex}: tensor '{key}' has shape {info.Shape}, larger than the whole data member ({dataLength} bytes). The weights are damaged.");
            }
            tensors[key] = reader.ReadTensor(key);
        }
        return new Source(prefix, tensors, graph);
    }

    public bool Exists(string prefix) => BundleCheckpointStorage.Instance.Exists(prefix);

    public void Delete(string prefix) => BundleCheckpointStorage.Instance.Delete(prefix);

    private sealed class Source(string prefix, Dictionary<string, Tensor> tensors, byte[]? graph) : ICheckpointSource
    {
        public string Prefix => prefix;

        public bool TryGetSpec(string key, out TensorSpec spec)
        {
            if (tensors.TryGetValue(key, out var t))
            {
                spec = new TensorSpec(t.Shape, t.DType);
                return true;
            }
            spec = default;
            return false;
        }

        public void ReadInto(string key, Span<byte> destination)
        {
            var source = tensors[key].BytesView();
            if (source.Length != destination.Length)
            {
                throw new TrellisFormatException($"Tensor '{key}' has {source.Length} bytes in the archive, but its variable needs {destination.Length}.");
            }
            source.CopyTo(destination);
        }

        public Tensor ReadTensor(string key) => Tensor.FromBytes(tensors[key].BytesView(), tensors[key].Shape, tensors[key].DType);

        public byte[]? ReadObjectGraph() => graph;
    }
}
