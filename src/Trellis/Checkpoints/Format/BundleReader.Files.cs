using Trellis.Checkpoints.Proto;

namespace Trellis.Checkpoints.Format;

/// <summary>Data-shard access, shape decoding and the missing-file diagnostics of <see cref="BundleReader"/>.</summary>
internal sealed partial class BundleReader
{
    /// <summary>Bytes read per step: each chunk is checksummed while it is still in cache.</summary>
    private const int ChunkBytes = 1 << 20;

    private void ReadRaw(string key, BundleEntryProto entry, Span<byte> destination, out uint crc)
    {
        int numShards = Header.NumShards;
        if (entry.ShardId < 0 || entry.ShardId >= numShards)
        {
            throw new TrellisFormatException($"Checkpoint tensor '{key}' in '{_indexFile}' names data shard {entry.ShardId}, but the bundle has {numShards}. The index is corrupt.");
        }
        string dataFile = BundleNames.DataFile(Prefix, entry.ShardId, numShards);
        if (!File.Exists(dataFile))
        {
            throw new TrellisFormatException($"Checkpoint tensor '{key}' lives in '{dataFile}', which does not exist. Copy every .data-*-of-{numShards:D5} file together with the .index file.");
        }
        using var handle = File.OpenHandle(dataFile);
        long length = RandomAccess.GetLength(handle);
        if (entry.Offset < 0 || entry.Size < 0 || entry.Offset > length - entry.Size)
        {
            throw new TrellisFormatException(
                $"Checkpoint tensor '{key}' needs bytes {entry.Offset}..{entry.Offset + entry.Size} of '{dataFile}', but the file has {length} bytes. The data file is truncated or belongs to another checkpoint.");
        }
        long offset = entry.Offset;
        crc = 0;
        while (!destination.IsEmpty)
        {
            int n = RandomAccess.Read(handle, destination[..Math.Min(ChunkBytes, destination.Length)], offset);
            if (n <= 0)
            {
                throw new TrellisFormatException($"Checkpoint tensor '{key}': '{dataFile}' ended early at byte {offset}. The data file is truncated.");
            }
            // PERF (CheckpointBenchmarks): one pass over memory: the CRC reads the chunk while it is in cache.
            crc = Crc32C.Extend(crc, destination[..n]);
            destination = destination[n..];
            offset += n;
        }
    }

    private Shape ToShape(BundleEntryProto entry, string key)
    {
        TensorShapeProto? proto = entry.Shape;
        if (proto is null)
        {
            return Shape.Scalar;
        }
        if (proto.UnknownRank)
        {
            throw new TrellisFormatException($"Checkpoint tensor '{key}' in '{_indexFile}' has an unknown rank; a stored tensor must have a known shape. The index is corrupt.");
        }
        var dims = new int[proto.Dim.Count];
        long count = 1;
        for (int i = 0; i < dims.Length; i++)
        {
            long size = proto.Dim[i].Size;
            if (size >= 0 && size <= int.MaxValue)
            {
                count *= Math.Max(size, 1);
            }
            if (size < 0 || size > int.MaxValue || count > int.MaxValue)
            {
                throw new TrellisFormatException(
                    $"Checkpoint tensor '{key}' in '{_indexFile}' has dimension {i} of size {size}; Trellis tensors need known dimensions with fewer than 2^31 elements in all.");
            }
            dims[i] = (int)size;
        }
        return new Shape(dims);
    }

    private static TrellisFormatException MissingIndex(string prefix)
    {
        string indexFile = BundleNames.IndexFile(prefix);
        if (File.Exists(prefix) && ReadFooterMagic(prefix) == TableConstants.Magic)
        {
            return new TrellisFormatException(
                $"'{prefix}' is a checkpoint in the old V1 checkpoint format (a single TensorSlice table written by tf.train.Saver with write_version=V1), " +
                "which is not supported: Trellis reads the V2 format (<prefix>.index + <prefix>.data-*). " +
                "Convert it with TensorFlow: restore it with tf.compat.v1.train.Saver and save again with the default write_version=V2.");
        }
        string? dir = Path.GetDirectoryName(Path.GetFullPath(prefix));
        string hint = "";
        if (dir is not null && Directory.Exists(dir))
        {
            string name = Path.GetFileName(prefix);
            if (Directory.GetFiles(dir, name + "-?????-of-?????").Length > 0)
            {
                return new TrellisFormatException(
                    $"'{prefix}' is a sharded checkpoint in the old V1 checkpoint format (files {name}-?????-of-?????), which is not supported: " +
                    "Trellis reads the V2 format (<prefix>.index + <prefix>.data-*). Re-save it with TensorFlow's V2 saver.");
            }
            var candidates = Directory.GetFiles(dir, "*.index").Select(f => f[..^".index".Length]).Take(5).ToList();
            if (candidates.Count > 0)
            {
                hint = $" Checkpoints in that directory: {string.Join(", ", candidates)}.";
            }
        }
        return new TrellisFormatException(
            $"No checkpoint index '{indexFile}' was found. A checkpoint is the pair <prefix>.index and <prefix>.data-00000-of-0000N; pass the prefix (the path without .index).{hint}");
    }
}
