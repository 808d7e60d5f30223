using System.Text;
using Google.Protobuf;
using Trellis.Checkpoints.Proto;

namespace Trellis.Checkpoints.Format;

/// <summary>
/// Writes a TensorFlow TensorBundle V2 checkpoint with one data shard: <c>&lt;prefix&gt;.data-00000-of-00001</c>
/// holds the tensors' bytes back to back in the order added, <c>&lt;prefix&gt;.index</c> the sorted table of entries.
/// </summary>
/// <remarks>
/// Tensors stream to a temporary data file as they are added. <see cref="Finish"/> writes the index to a second
/// temporary file, flushes both to disk, then renames the data file and then the index into place. The index is
/// the commit point: until it is renamed, readers of a new prefix find no checkpoint, and readers of an existing
/// prefix keep the previous files, since no byte of the final files is ever written in place.
/// NOTE: renaming two files is not one atomic step. Overwriting an existing prefix leaves a window between the two
/// renames in which the old index meets the new data; the per-tensor CRCs turn that into a clear error rather
/// than wrong values. Checkpoint managers avoid the window by writing each save under a fresh prefix.
/// </remarks>
internal sealed class BundleWriter : IDisposable
{
    private readonly Dictionary<string, BundleEntryProto> _entries = new(StringComparer.Ordinal);
    private readonly bool _bypassPageCache;
    private AtomicFile? _data;
    private long _offset;
    private bool _finished;

    /// <summary>Prepares to write the bundle at <paramref name="prefix"/> (nothing is visible there until <see cref="Finish"/>).</summary>
    /// <param name="prefix">The path prefix: <c>prefix.index</c> and <c>prefix.data-00000-of-00001</c> are written.</param>
    /// <param name="bypassPageCache">Write the tensor data around the OS page cache where possible (see <see cref="CheckpointOptions.BypassPageCache"/>).</param>
    public BundleWriter(string prefix, bool bypassPageCache = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(prefix);
        Prefix = prefix;
        _bypassPageCache = bypassPageCache;
    }

    /// <summary>The path prefix of the files written.</summary>
    public string Prefix { get; }

    /// <summary>Number of tensors added.</summary>
    public int Count => _entries.Count;

    /// <summary>Appends a numeric tensor (or a variable's current value) under <paramref name="key"/>.</summary>
    /// <exception cref="ArgumentException">The key is empty or already used, or the tensor is symbolic.</exception>
    public void Add(string key, Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        CheckKey(key);
        if (tensor.IsSymbolic)
        {
            throw new ArgumentException($"Cannot save '{key}': the tensor is symbolic (made while tracing) and has no values.", nameof(tensor));
        }
        ReadOnlySpan<byte> bytes = tensor.BytesView();
        if (bytes.Length < ParallelCrcBytes)
        {
            Append(key, TfDataTypes.FromDType(tensor.DType), tensor.Shape, bytes, Crc32C.Compute(bytes));
            return;
        }
        // PERF (CheckpointBenchmarks): checksum on a second core while this one copies the same bytes to the file.
        Tensor source = tensor;
        var crc = Task.Run(() => Crc32C.Compute(source.BytesView()));
        Append(key, TfDataTypes.FromDType(tensor.DType), tensor.Shape, bytes, () => crc.GetAwaiter().GetResult());
    }

    /// <summary>Tensors at least this large have their CRC computed in parallel with the write.</summary>
    private const int ParallelCrcBytes = 1 << 20;

    /// <summary>Appends a DT_STRING tensor (for example the serialized object graph).</summary>
    /// <param name="key">The bundle key.</param>
    /// <param name="elements">The elements, row-major.</param>
    /// <param name="shape">The tensor's shape; default scalar for one element, else a vector.</param>
    /// <exception cref="ArgumentException">The key is empty or used, or the shape does not hold the element count.</exception>
    public void AddStrings(string key, IReadOnlyList<byte[]> elements, Shape? shape = null)
    {
        ArgumentNullException.ThrowIfNull(elements);
        CheckKey(key);
        Shape s = shape ?? (elements.Count == 1 ? Shape.Scalar : new Shape(elements.Count));
        if (s.Size != elements.Count)
        {
            throw new ArgumentException($"String tensor '{key}' has {elements.Count} elements but shape {s} holds {s.Size}.", nameof(shape));
        }
        var (bytes, crc) = StringTensorCodec.Encode(elements);
        Append(key, DataType.DtString, s, bytes, crc);
    }

    /// <summary>Writes the index, flushes both files to disk and renames them into place (data first).</summary>
    /// <exception cref="InvalidOperationException">Finish already ran.</exception>
    public void Finish()
    {
        if (_finished)
        {
            throw new InvalidOperationException($"The bundle '{Prefix}' is already finished; create a new BundleWriter to write again.");
        }
        _finished = true;
        AtomicFile data = _data ??= new AtomicFile(BundleNames.DataFile(Prefix, 0, 1), largeWrites: _bypassPageCache);
        try
        {
            using var index = new AtomicFile(BundleNames.IndexFile(Prefix));
            var table = new TableWriter(index.Stream);
            var header = new BundleHeaderProto
            {
                NumShards = 1,
                Endianness = BundleHeaderProto.Types.Endianness.Little,
                Version = new VersionDef { Producer = 1 },
            };
            table.Add([], header.ToByteArray());
            foreach (var (key, entry) in _entries.Select(kv => (Encoding.UTF8.GetBytes(kv.Key), kv.Value))
                         .OrderBy(kv => kv.Item1, ByteOrder.Instance))
            {
                table.Add(key, entry.ToByteArray());
            }
            table.Finish();
            data.FlushToDisk();
            index.FlushToDisk();
            data.Commit();
            index.Commit();
        }
        finally
        {
            data.Dispose();
            _data = null;
        }
    }

    /// <summary>Deletes the temporary data file when <see cref="Finish"/> did not run (or failed).</summary>
    public void Dispose()
    {
        _finished = true;
        _data?.Dispose();
        _data = null;
    }

    private void CheckKey(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (_finished)
        {
            throw new InvalidOperationException($"The bundle '{Prefix}' is already finished; create a new BundleWriter to write again.");
        }
        if (key.Length == 0)
        {
            throw new ArgumentException("A bundle key cannot be empty: the empty key holds the bundle header.", nameof(key));
        }
        if (_entries.ContainsKey(key))
        {
            throw new ArgumentException($"The key '{key}' was already added to bundle '{Prefix}'. Each tensor needs a distinct key.", nameof(key));
        }
    }

    private void Append(string key, DataType dtype, Shape shape, ReadOnlySpan<byte> bytes, uint crc) =>
        Append(key, dtype, shape, bytes, () => crc);

    private void Append(string key, DataType dtype, Shape shape, ReadOnlySpan<byte> bytes, Func<uint> crc)
    {
        _data ??= new AtomicFile(BundleNames.DataFile(Prefix, 0, 1), largeWrites: _bypassPageCache);
        var shapeProto = new TensorShapeProto();
        foreach (int d in shape.Dims)
        {
            shapeProto.Dim.Add(new TensorShapeProto.Types.Dim { Size = d });
        }
        _data.Write(bytes);
        _entries.Add(key, new BundleEntryProto
        {
            Dtype = dtype,
            Shape = shapeProto,
            ShardId = 0,
            Offset = _offset,
            Size = bytes.Length,
            Crc32C = Crc32C.Mask(crc()),
        });
        _offset += bytes.Length;
    }

    private sealed class ByteOrder : IComparer<byte[]>
    {
        public static readonly ByteOrder Instance = new();

        public int Compare(byte[]? x, byte[]? y) => x.AsSpan().SequenceCompareTo(y);
    }
}
