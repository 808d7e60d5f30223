using Trellis.Checkpoints.Format;
using Trellis.Checkpoints.Proto;

namespace Trellis.Checkpoints;

/// <summary>
/// Reads any TensorFlow TensorBundle V2 checkpoint without restoring it into objects: TF2 object-based
/// checkpoints (<c>tf.train.Checkpoint</c>, Keras and SavedModel <c>variables/variables</c>), TF1 name-based ones,
/// and those Trellis writes. Like <c>tf.train.load_checkpoint</c>.
/// </summary>
/// <remarks>
/// Every value read is checked against the CRC32C the writer stored. The reader keeps no files open.
/// </remarks>
public sealed partial class CheckpointReader
{
    private readonly BundleReader _bundle;
    private TrackableObjectGraph? _objectGraph;
    private bool _objectGraphParsed;

    private CheckpointReader(BundleReader bundle) => _bundle = bundle;

    /// <summary>The path prefix of the checkpoint files (<c>&lt;prefix&gt;.index</c>, <c>&lt;prefix&gt;.data-*</c>).</summary>
    public string Prefix => _bundle.Prefix;

    /// <summary>Opens a checkpoint.</summary>
    /// <param name="path">
    /// A checkpoint prefix (<c>ckpts/ckpt-3</c>; a trailing <c>.index</c> is accepted), a directory holding a
    /// <c>checkpoint</c> state file (its latest checkpoint is opened), or a SavedModel directory (its
    /// <c>variables/variables</c> bundle is opened).
    /// </param>
    /// <returns>A reader over the checkpoint's tensors.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null or empty.</exception>
    /// <exception cref="TrellisFormatException">
    /// No checkpoint is found at the path, its index is truncated or corrupt, or it is in the old V1 format.
    /// </exception>
    public static CheckpointReader Open(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return new CheckpointReader(BundleReader.Open(ResolvePrefix(path)));
    }

    /// <summary>
    /// Every stored tensor Trellis can hold, sorted by key (ordinal). The object graph
    /// (<c>_CHECKPOINTABLE_OBJECT_GRAPH</c>) and other string tensors are not variables and are left out.
    /// </summary>
    /// <returns>Key, shape and dtype of each variable.</returns>
    /// <exception cref="TrellisFormatException">An entry records an invalid shape.</exception>
    public IReadOnlyList<VariableInfo> ListVariables()
    {
        var list = new List<VariableInfo>();
        foreach (string key in _bundle.Keys)
        {
            BundleEntryInfo e = _bundle.GetEntry(key);
            if (e.DType is DType dtype)
            {
                list.Add(new VariableInfo(key, e.Shape, dtype));
            }
        }
        list.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        return list;
    }

    /// <summary>True when the checkpoint stores a tensor under <paramref name="key"/>.</summary>
    /// <param name="key">A checkpoint key.</param>
    /// <returns>Whether the key exists (of any dtype).</returns>
    public bool HasTensor(string key) => _bundle.Contains(key);

    /// <summary>Reads the tensor stored under <paramref name="key"/>.</summary>
    /// <param name="key">A key from <see cref="ListVariables"/>.</param>
    /// <returns>A new tensor with the stored shape and dtype.</returns>
    /// <exception cref="KeyNotFoundException">The checkpoint has no such key (the message lists similar keys).</exception>
    /// <exception cref="TrellisFormatException">The data is missing, truncated or fails its CRC32C check, or the dtype is not one Trellis supports.</exception>
    public Tensor GetTensor(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return _bundle.ReadTensor(key);
    }

    /// <summary>The decoded object graph of a TF2 object-based checkpoint, or null for a TF1 name-based one.</summary>
    /// <exception cref="TrellisFormatException">The stored graph is damaged.</exception>
    internal TrackableObjectGraph? ObjectGraph
    {
        get
        {
            if (!_objectGraphParsed)
            {
                _objectGraph = ParseObjectGraph();
                _objectGraphParsed = true;
            }
            return _objectGraph;
        }
    }

    /// <summary>The underlying bundle, for restore code that reads straight into variables.</summary>
    internal BundleReader Bundle => _bundle;

    private TrackableObjectGraph? ParseObjectGraph()
    {
        if (!_bundle.Contains(BundleNames.ObjectGraphKey))
        {
            return null;
        }
        byte[][] elements = _bundle.ReadStrings(BundleNames.ObjectGraphKey);
        if (elements.Length != 1)
        {
            throw new TrellisFormatException($"Checkpoint '{Prefix}': '{BundleNames.ObjectGraphKey}' holds {elements.Length} strings; expected exactly 1 serialized TrackableObjectGraph.");
        }
        try
        {
            return TrackableObjectGraph.Parser.ParseFrom(elements[0]);
        }
        catch (Google.Protobuf.InvalidProtocolBufferException ex)
        {
            throw new TrellisFormatException($"Checkpoint '{Prefix}': '{BundleNames.ObjectGraphKey}' is not a valid TrackableObjectGraph. The checkpoint is corrupt.", ex);
        }
    }
}
