using System.Text;
using Google.Protobuf;
using Trellis.Checkpoints.Format;
using Trellis.Checkpoints.Proto;
using Trellis.Checkpoints.Storage;

namespace Trellis.Saving;

/// <summary>
/// A TensorBundle V2 held in memory (the archive's <c>model.weights.*</c> members): the index parsed with the
/// checkpoint code's table reader, tensors read from the data bytes with every CRC32C checked. Loading needs no
/// temporary files, and every value stays available for optimizer slots restored on the first training step.
/// </summary>
internal sealed class MemoryBundleSource : ICheckpointSource
{
    private readonly Dictionary<string, Tensor> _tensors = new(StringComparer.Ordinal);
    private readonly byte[]? _graph;

    public MemoryBundleSource(byte[] index, byte[] data, string name)
    {
        Prefix = name;
        BundleHeaderProto? header = null;
        var entries = new List<(string Key, BundleEntryProto Entry)>();
        foreach (var (keyBytes, value) in TableReader.ReadAll(index, ArchiveMembers.WeightsIndex))
        {
            if (keyBytes.Length == 0)
            {
                header = Parse(BundleHeaderProto.Parser, value, "the header");
                continue;
            }
            string key = Encoding.UTF8.GetString(keyBytes);
            entries.Add((key, Parse(BundleEntryProto.Parser, value, $"key '{key}'")));
        }
        if (header is null || header.NumShards != 1 || header.Endianness != BundleHeaderProto.Types.Endianness.Little)
        {
            throw new TrellisFormatException($"{ArchiveMembers.WeightsIndex}: {(header is null ? "no header entry" : $"a header with {header.NumShards} shards")}; an archive's bundle has one little-endian shard.");
        }
        foreach (var (key, entry) in entries)
        {
            if (entry.Slices.Count > 0 || entry.ShardId != 0 || entry.Offset < 0 || entry.Size < 0 || entry.Offset > data.Length - entry.Size)
            {
                throw new TrellisFormatException(
                    $"{ArchiveMembers.WeightsIndex}: tensor '{key}' records bytes {entry.Offset}..{entry.Offset + entry.Size} of shard {entry.ShardId}, outside the {data.Length}-byte {ArchiveMembers.WeightsData}.");
            }
            var raw = data.AsSpan((int)entry.Offset, (int)entry.Size);
            var shape = ShapeOf(entry, key);
            if (key == BundleNames.ObjectGraphKey)
            {
                if (entry.Dtype != DataType.DtString || shape.Size != 1)
                {
                    throw new TrellisFormatException($"{ArchiveMembers.WeightsIndex}: '{key}' must be one string, but is {TfDataTypes.Name(entry.Dtype)} of shape {shape}.");
                }
                var (elements, crc) = StringTensorCodec.Decode(raw, 1, $"{ArchiveMembers.WeightsData}, tensor '{key}'");
                CheckCrc(key, entry, crc);
                _graph = elements[0];
                continue;
            }
            if (TfDataTypes.ToDType(entry.Dtype) is not DType dtype)
            {
                continue;
            }
            if ((long)shape.Size * dtype.SizeInBytes() != entry.Size)
            {
                throw new TrellisFormatException($"{ArchiveMembers.WeightsIndex}: tensor '{key}' records {entry.Size} bytes, but a {dtype.Name()} tensor of shape {shape} has {(long)shape.Size * dtype.SizeInBytes()}.");
            }
            CheckCrc(key, entry, Crc32C.Compute(raw));
            using (Trellis.Tensors.TensorPool.Suspend())
            {
                _tensors[key] = Tensor.FromBytes(raw, shape, dtype); // kept for restores after any scope of the load
            }
        }
    }

    public string Prefix { get; }

    public bool TryGetSpec(string key, out TensorSpec spec)
    {
        if (_tensors.TryGetValue(key, out var t))
        {
            spec = new TensorSpec(t.Shape, t.DType);
            return true;
        }
        spec = default;
        return false;
    }

    public void ReadInto(string key, Span<byte> destination)
    {
        var source = _tensors[key].BytesView();
        if (source.Length != destination.Length)
        {
            throw new TrellisFormatException($"{ArchiveMembers.WeightsData}: tensor '{key}' has {source.Length} bytes, but its variable needs {destination.Length}.");
        }
        source.CopyTo(destination);
    }

    public Tensor ReadTensor(string key) => Tensor.FromBytes(_tensors[key].BytesView(), _tensors[key].Shape, _tensors[key].DType);

    public byte[]? ReadObjectGraph() => _graph;

    private static void CheckCrc(string key, BundleEntryProto entry, uint crc)
    {
        if (Crc32C.Mask(crc) != entry.Crc32C)
        {
            throw new TrellisFormatException(
                $"{ArchiveMembers.WeightsData}: tensor '{key}' fails its CRC32C check (stored 0x{entry.Crc32C:x8}, computed 0x{Crc32C.Mask(crc):x8}). The weights are damaged.");
        }
    }

    private static Shape ShapeOf(BundleEntryProto entry, string key)
    {
        if (entry.Shape is not { } proto)
        {
            return Shape.Scalar;
        }
        if (proto.UnknownRank || proto.Dim.Count > 32)
        {
            throw new TrellisFormatException($"{ArchiveMembers.WeightsIndex}: tensor '{key}' has an unknown or too large rank.");
        }
        var dims = new int[proto.Dim.Count];
        long count = 1;
        for (int i = 0; i < dims.Length; i++)
        {
            long size = proto.Dim[i].Size;
            count *= Math.Clamp(size, 1, int.MaxValue);
            if (size < 0 || size > int.MaxValue || count > int.MaxValue)
            {
                throw new TrellisFormatException($"{ArchiveMembers.WeightsIndex}: tensor '{key}' has dimension {i} of size {size}; expected a known size with fewer than 2^31 elements in all.");
            }
            dims[i] = (int)size;
        }
        return dims;
    }

    private static T Parse<T>(MessageParser<T> parser, byte[] value, string what)
        where T : IMessage<T>
    {
        try
        {
            return parser.ParseFrom(value);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new TrellisFormatException($"{ArchiveMembers.WeightsIndex}: {what} is not a valid {typeof(T).Name}. The weights are damaged.", e);
        }
    }
}
