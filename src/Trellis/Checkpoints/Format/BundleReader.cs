using System.Buffers.Binary;
using System.Text;
using Google.Protobuf;
using Trellis.Checkpoints.Proto;

namespace Trellis.Checkpoints.Format;

/// <summary>
/// Reads a TensorFlow TensorBundle V2 checkpoint: <c>&lt;prefix&gt;.index</c> (a sorted table mapping each key to a
/// BundleEntryProto, the header under the empty key) and the data shards <c>&lt;prefix&gt;.data-0000i-of-0000n</c>.
/// </summary>
/// <remarks>
/// The index is read and checked whole when the reader opens; tensor bytes are read on demand and checked
/// against their masked CRC32C. The reader holds no open files, so it needs no disposal.
/// </remarks>
internal sealed partial class BundleReader
{
    private readonly Dictionary<string, BundleEntryProto> _entries;
    private readonly string _indexFile;

    private BundleReader(string prefix, BundleHeaderProto header, Dictionary<string, BundleEntryProto> entries, List<string> keys)
    {
        Prefix = prefix;
        Header = header;
        _entries = entries;
        Keys = keys;
        _indexFile = BundleNames.IndexFile(prefix);
    }

    /// <summary>The path prefix the files share.</summary>
    public string Prefix { get; }

    /// <summary>The bundle header (shard count, endianness, version).</summary>
    public BundleHeaderProto Header { get; }

    /// <summary>Every tensor key, in the index's (byte) order.</summary>
    public IReadOnlyList<string> Keys { get; }

    /// <summary>Opens the bundle at <paramref name="prefix"/> and validates its index.</summary>
    /// <param name="prefix">The path without <c>.index</c> (a trailing <c>.index</c> is accepted and removed).</param>
    /// <exception cref="TrellisFormatException">The index is missing, truncated or corrupt, or the path is a V1 checkpoint.</exception>
    public static BundleReader Open(string prefix)
    {
        ArgumentException.ThrowIfNullOrEmpty(prefix);
        if (prefix.EndsWith(".index", StringComparison.Ordinal) && File.Exists(prefix))
        {
            prefix = prefix[..^".index".Length];
        }
        string indexFile = BundleNames.IndexFile(prefix);
        if (!File.Exists(indexFile))
        {
            throw MissingIndex(prefix);
        }
        byte[] bytes = File.ReadAllBytes(indexFile);
        var header = (BundleHeaderProto?)null;
        var entries = new Dictionary<string, BundleEntryProto>(StringComparer.Ordinal);
        var keys = new List<string>();
        foreach (var (keyBytes, value) in TableReader.ReadAll(bytes, indexFile))
        {
            if (keyBytes.Length > 0 && keyBytes[0] == 0)
            {
                // COMPAT: keys starting with a NUL byte are the encoded slice keys of partitioned variables; their
                // full-tensor entries (with a slices list) are listed, and reading them reports the limitation.
                continue;
            }
            string key = Encoding.UTF8.GetString(keyBytes);
            if (keyBytes.Length == 0)
            {
                header = Parse(BundleHeaderProto.Parser, value, indexFile, "the header (empty key)");
                continue;
            }
            entries[key] = Parse(BundleEntryProto.Parser, value, indexFile, $"key '{key}'");
            keys.Add(key);
        }
        if (header is null)
        {
            throw new TrellisFormatException($"Checkpoint index '{indexFile}' has no header entry (the empty key). It is not a TensorBundle V2 index, or it is damaged.");
        }
        ValidateHeader(header, indexFile);
        return new BundleReader(prefix, header, entries, keys);
    }

    /// <summary>True when the bundle stores <paramref name="key"/>.</summary>
    public bool Contains(string key) => _entries.ContainsKey(key);

    /// <summary>The dtype, shape and size recorded for <paramref name="key"/>.</summary>
    /// <exception cref="KeyNotFoundException">The bundle has no such key.</exception>
    /// <exception cref="TrellisFormatException">The recorded shape is not valid.</exception>
    public BundleEntryInfo GetEntry(string key)
    {
        BundleEntryProto e = GetEntryProto(key);
        return new BundleEntryInfo(key, e.Dtype, ToShape(e, key), e.Size);
    }

    /// <summary>The raw index entry for <paramref name="key"/>.</summary>
    /// <exception cref="KeyNotFoundException">The bundle has no such key.</exception>
    public BundleEntryProto GetEntryProto(string key) =>
        _entries.TryGetValue(key, out var e) ? e : throw new KeyNotFoundException(
            $"Checkpoint '{Prefix}' has no tensor '{key}'. It holds {_entries.Count} tensors{SimilarKeys(key)}.");

    /// <summary>Reads a numeric tensor and checks its CRC32C.</summary>
    /// <exception cref="KeyNotFoundException">The bundle has no such key.</exception>
    /// <exception cref="TrellisFormatException">The data is missing, truncated or fails its checksum, or the dtype has no Trellis tensor type.</exception>
    public Tensor ReadTensor(string key)
    {
        var (entry, dtype, shape) = NumericEntry(key);
        Tensor t = Tensor.Allocate(shape, dtype);
        ReadVerified(key, entry, t.BytesView());
        if (dtype == DType.Bool)
        {
            // A bool byte other than 0/1 would break equality later; TensorFlow reads any nonzero as true.
            foreach (ref byte b in t.BytesView())
            {
                b = b != 0 ? (byte)1 : (byte)0;
            }
        }
        return t;
    }

    /// <summary>
    /// Reads a numeric tensor straight into <paramref name="destination"/> (e.g. a variable's storage) and checks its
    /// CRC32C. On a checksum failure the destination already holds the damaged bytes: callers restoring in place
    /// should treat the target as invalid.
    /// </summary>
    /// <exception cref="ArgumentException">The destination length differs from the stored size.</exception>
    public void ReadInto(string key, Span<byte> destination)
    {
        var (entry, _, _) = NumericEntry(key);
        if (destination.Length != entry.Size)
        {
            throw new ArgumentException(
                $"Checkpoint tensor '{key}' has {entry.Size} bytes ({TfDataTypes.Name(entry.Dtype)} {ToShape(entry, key)}), but the destination has {destination.Length}. Match the variable's shape and dtype to the checkpoint.",
                nameof(destination));
        }
        ReadVerified(key, entry, destination);
    }

    /// <summary>Reads a DT_STRING tensor's elements (row-major) and checks both of its checksums.</summary>
    /// <exception cref="TrellisFormatException">The tensor is not a string tensor, or its data is damaged.</exception>
    public byte[][] ReadStrings(string key)
    {
        BundleEntryProto entry = GetEntryProto(key);
        if (entry.Dtype != DataType.DtString)
        {
            throw new TrellisFormatException($"Checkpoint tensor '{key}' in '{Prefix}' has dtype {TfDataTypes.Name(entry.Dtype)}, not string. Use ReadTensor for numeric tensors.");
        }
        Shape shape = ToShape(entry, key);
        CheckNotSliced(entry, key);
        if (entry.Size < 0 || entry.Size > Array.MaxLength)
        {
            throw new TrellisFormatException($"Checkpoint tensor '{key}' in '{_indexFile}' records an impossible size of {entry.Size} bytes. The index is corrupt.");
        }
        var raw = new byte[entry.Size];
        ReadRaw(key, entry, raw, out _); // a string tensor's CRC covers its lengths and bytes, not the raw layout
        string context = $"Checkpoint '{Prefix}', tensor '{key}'";
        var (elements, crc) = StringTensorCodec.Decode(raw, shape.Size, context);
        CheckCrc(key, entry, crc);
        return elements;
    }

    private (BundleEntryProto Entry, DType DType, Shape Shape) NumericEntry(string key)
    {
        BundleEntryProto entry = GetEntryProto(key);
        Shape shape = ToShape(entry, key);
        if (TfDataTypes.ToDType(entry.Dtype) is not DType dtype)
        {
            throw new TrellisFormatException(
                $"Checkpoint tensor '{key}' in '{Prefix}' has dtype {TfDataTypes.Name(entry.Dtype)}, which Trellis tensors cannot hold. " +
                (entry.Dtype == DataType.DtString ? "Use ReadStrings for string tensors." : "Only float32, float64, int32, int64, uint8, bool, float16 and bfloat16 are supported."));
        }
        CheckNotSliced(entry, key);
        long expected = (long)shape.Size * dtype.SizeInBytes();
        if (entry.Size != expected)
        {
            throw new TrellisFormatException(
                $"Checkpoint tensor '{key}' in '{_indexFile}' records {entry.Size} bytes, but a {dtype.Name()} tensor of shape {shape} needs {expected}. The index is corrupt.");
        }
        return (entry, dtype, shape);
    }

    private void ReadVerified(string key, BundleEntryProto entry, Span<byte> destination)
    {
        ReadRaw(key, entry, destination, out uint crc);
        CheckCrc(key, entry, crc);
    }

    private void CheckCrc(string key, BundleEntryProto entry, uint crc)
    {
        if (Crc32C.Mask(crc) != entry.Crc32C)
        {
            string dataFile = BundleNames.DataFile(Prefix, entry.ShardId, Header.NumShards);
            throw new TrellisFormatException(
                $"Checkpoint tensor '{key}' fails its CRC32C check (stored 0x{entry.Crc32C:x8}, computed 0x{Crc32C.Mask(crc):x8}) " +
                $"reading bytes {entry.Offset}..{entry.Offset + entry.Size} of '{dataFile}'. The data file is corrupt or belongs to another checkpoint; restore it from a good copy.");
        }
    }

    private static void CheckNotSliced(BundleEntryProto entry, string key)
    {
        if (entry.Slices.Count > 0)
        {
            throw new TrellisFormatException(
                $"Checkpoint tensor '{key}' is stored as {entry.Slices.Count} slices (a partitioned variable). Trellis does not read sliced tensors; re-save the variable unpartitioned.");
        }
    }

    private static T Parse<T>(MessageParser<T> parser, byte[] value, string indexFile, string what)
        where T : IMessage<T>
    {
        try
        {
            return parser.ParseFrom(value);
        }
        catch (InvalidProtocolBufferException ex)
        {
            throw new TrellisFormatException($"Checkpoint index '{indexFile}': the value of {what} is not a valid {typeof(T).Name}. The index is corrupt.", ex);
        }
    }

    private static void ValidateHeader(BundleHeaderProto header, string indexFile)
    {
        if (header.NumShards < 1)
        {
            throw new TrellisFormatException($"Checkpoint index '{indexFile}' declares {header.NumShards} data shards; expected at least 1. The index is corrupt.");
        }
        if (header.Endianness != BundleHeaderProto.Types.Endianness.Little)
        {
            throw new TrellisFormatException($"Checkpoint index '{indexFile}' was written on a big-endian machine; Trellis reads little-endian bundles only. Re-save it on a little-endian machine.");
        }
        // COMPAT: TensorFlow's bundle version is 1 and has not changed; refuse only bundles that say we are too old.
        if (header.Version is { } v && (v.MinConsumer > 1 || v.BadConsumers.Contains(1)))
        {
            throw new TrellisFormatException($"Checkpoint index '{indexFile}' requires bundle reader version {v.MinConsumer} or newer (it excludes {string.Join(",", v.BadConsumers)}); Trellis implements version 1.");
        }
    }

    private string SimilarKeys(string key)
    {
        string leaf = key.Split('/').FirstOrDefault(s => s.Length > 0 && s[0] != '.') ?? key;
        var near = Keys.Where(k => k.Contains(leaf, StringComparison.Ordinal)).Take(5).ToList();
        if (near.Count == 0)
        {
            near = Keys.Take(5).ToList();
        }
        return near.Count == 0 ? "" : $", e.g. {string.Join(", ", near.Select(k => "'" + k + "'"))}";
    }

    private static ulong ReadFooterMagic(string path)
    {
        using var handle = File.OpenHandle(path);
        long length = RandomAccess.GetLength(handle);
        if (length < TableConstants.FooterLength)
        {
            return 0;
        }
        Span<byte> magic = stackalloc byte[8];
        return RandomAccess.Read(handle, magic, length - 8) == 8 ? BinaryPrimitives.ReadUInt64LittleEndian(magic) : 0;
    }
}
