using Trellis.Checkpoints;
using Trellis.Checkpoints.Format;
using Trellis.Checkpoints.Proto;
using Trellis.Interop.Safetensors;

namespace Trellis.Reporting;

/// <summary>
/// A read-only view of a file of weights for inspection, comparison and conversion: a TensorBundle checkpoint
/// (prefix, directory with a <c>checkpoint</c> state file, or SavedModel) or a <c>.safetensors</c> file.
/// </summary>
public sealed partial class WeightsFile
{
    /// <summary>The format name of TensorFlow checkpoints.</summary>
    public const string TensorBundleFormat = "tensorbundle";

    /// <summary>The format name of safetensors files.</summary>
    public const string SafetensorsFormat = "safetensors";

    /// <summary>The format name of whole-model archives (<c>Model.Save</c>); their weights are read into memory.</summary>
    public const string ModelArchiveFormat = "model-archive";

    private readonly CheckpointReader? _checkpoint;
    private readonly SafetensorsFile? _safetensors;

    private WeightsFile(string path, CheckpointReader checkpoint)
    {
        Path = path;
        _checkpoint = checkpoint;
        Format = TensorBundleFormat;
        Location = checkpoint.Prefix;
        var entries = new List<WeightEntry>();
        foreach (string key in checkpoint.Bundle.Keys)
        {
            if (key == BundleNames.ObjectGraphKey)
            {
                continue;
            }
            BundleEntryInfo e = checkpoint.Bundle.GetEntry(key);
            entries.Add(new WeightEntry(key, TfDataTypes.Name(e.DataType), e.Shape, e.SizeInBytes));
        }
        entries.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        Entries = entries;
        Metadata = new Dictionary<string, string>();
        ObjectGraph = checkpoint.ObjectGraph is { } graph ? ToNodes(graph) : null;
    }

    private WeightsFile(string path, SafetensorsFile file, string format = SafetensorsFormat)
    {
        Path = path;
        _safetensors = file;
        Format = format;
        Location = path;
        Entries = file.Tensors
            .Select(t => new WeightEntry(t.Name, SafetensorsDTypeName(t.DType), t.Shape, t.ByteCount))
            .OrderBy(e => e.Key, StringComparer.Ordinal)
            .ToList();
        Metadata = file.Metadata;
        ObjectGraph = SafetensorsConverter.ObjectGraphFromMetadata(file) is { } graph ? ToNodes(graph) : null;
    }

    /// <summary>The path as given.</summary>
    public string Path { get; }

    /// <summary>The resolved location: the checkpoint prefix, or the safetensors file.</summary>
    public string Location { get; }

    /// <summary><see cref="TensorBundleFormat"/>, <see cref="SafetensorsFormat"/> or <see cref="ModelArchiveFormat"/>.</summary>
    public string Format { get; }

    /// <summary>Every stored tensor except the serialized object graph, sorted by key (ordinal).</summary>
    public IReadOnlyList<WeightEntry> Entries { get; }

    /// <summary>The object graph of a TF2 object-based checkpoint (or one carried in safetensors metadata), or null.</summary>
    public IReadOnlyList<ObjectGraphNode>? ObjectGraph { get; }

    /// <summary>The safetensors <c>__metadata__</c> (empty for checkpoints).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>The sum of <see cref="WeightEntry.Bytes"/>.</summary>
    public long TotalBytes => Entries.Sum(e => e.Bytes);

    /// <summary>The total element count over all entries.</summary>
    public long TotalElements => Entries.Sum(e => (long)e.Shape.Size);

    /// <summary>Opens a checkpoint or a safetensors file.</summary>
    /// <param name="path">A <c>.safetensors</c> file, a model archive (zip), or anything <see cref="CheckpointReader.Open"/> accepts.</param>
    /// <returns>The view.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null or empty.</exception>
    /// <exception cref="FileNotFoundException">A <c>.safetensors</c> path does not exist.</exception>
    /// <exception cref="TrellisFormatException">No readable weights are found at the path, or the file is damaged.</exception>
    public static WeightsFile Open(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (File.Exists(path) && IsSafetensors(path))
        {
            return new WeightsFile(path, SafetensorsFile.Open(path));
        }
        if (ModelArchiveWeights.IsZip(path))
        {
            // The archive's bundle, held in memory as safetensors (object graph in the metadata), so no temporary files outlive Open.
            var (tensors, metadata, _) = ModelArchiveWeights.Read(path, SafetensorsConverter.ReadCheckpoint);
            return new WeightsFile(path, SafetensorsFile.Parse(SafetensorsWriter.Serialize(tensors, metadata), path), ModelArchiveFormat);
        }
        return new WeightsFile(path, CheckpointReader.Open(path));
    }

    /// <summary>Reads one entry as a tensor, or returns null when its dtype has no Trellis tensor type (strings, U64...).</summary>
    /// <param name="key">A key from <see cref="Entries"/>.</param>
    /// <returns>The tensor or null.</returns>
    /// <exception cref="KeyNotFoundException">No entry has that key.</exception>
    /// <exception cref="TrellisFormatException">The stored data is damaged.</exception>
    public Tensor? TryGetTensor(string key)
    {
        if (_checkpoint is not null)
        {
            return _checkpoint.Bundle.GetEntry(key).DType is null ? null : _checkpoint.GetTensor(key);
        }
        var info = _safetensors!.GetInfo(key);
        return SafetensorsDTypes.ToDType(info.DType) is null ? null : _safetensors.GetTensor(key);
    }

    /// <summary>The stored bytes of any entry (string tensors: their elements concatenated with length prefixes).</summary>
    internal byte[] GetRawBytes(string key)
    {
        if (_safetensors is not null)
        {
            return _safetensors.GetRaw(key).Data;
        }
        BundleEntryInfo e = _checkpoint!.Bundle.GetEntry(key);
        if (e.IsString)
        {
            using var ms = new MemoryStream();
            foreach (byte[] s in _checkpoint.Bundle.ReadStrings(key))
            {
                ms.Write(BitConverter.GetBytes((long)s.Length));
                ms.Write(s);
            }
            return ms.ToArray();
        }
        if (e.DType is not null)
        {
            return _checkpoint.GetTensor(key).ToBytes();
        }
        throw new TrellisFormatException($"Checkpoint '{Location}': tensor '{key}' has dtype {TfDataTypes.Name(e.DataType)}, which Trellis cannot read.");
    }

    internal CheckpointReader? Checkpoint => _checkpoint;

    internal SafetensorsFile? Safetensors => _safetensors;

    private static bool IsSafetensors(string path) =>
        path.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase);

    private static string SafetensorsDTypeName(string dtype) => SafetensorsDTypes.ToDType(dtype) is DType d && SafetensorsDTypes.FromDType(d) == dtype
        ? d.Name()
        : dtype.ToLowerInvariant() switch
        {
            "i8" => "int8",
            "i16" => "int16",
            "u16" => "uint16",
            "u32" => "uint32",
            "u64" => "uint64",
            var other => other,
        };

    private static List<ObjectGraphNode> ToNodes(TrackableObjectGraph graph)
    {
        var nodes = new List<ObjectGraphNode>(graph.Nodes.Count);
        for (int id = 0; id < graph.Nodes.Count; id++)
        {
            var n = graph.Nodes[id];
            var edges = n.Children.Select(c => new ObjectGraphEdge(c.LocalName, c.NodeId)).ToList();
            edges.AddRange(n.SlotVariables.Select(s => new ObjectGraphEdge(s.SlotName, s.SlotVariableNodeId, s.OriginalVariableNodeId)));
            var attributes = n.Attributes.Select(a => new KeyValuePair<string, string>(a.Name, a.CheckpointKey)).ToList();
            nodes.Add(new ObjectGraphNode(id, edges, attributes));
        }
        return nodes;
    }
}
