using System.Buffers.Binary;

namespace Trellis.Checkpoints.Format;

/// <summary>
/// Reads a whole LevelDB-style table (a TensorBundle <c>.index</c> file) held in memory: checks the footer magic,
/// every block's CRC32C and the key order, decompresses Snappy blocks, and returns the entries in key order.
/// </summary>
/// <remarks>See <see cref="TableWriter"/> for the layout. Index files are small (one short entry per tensor), so
/// reading them whole is simpler than block-at-a-time seeking and costs little.</remarks>
internal sealed class TableReader
{
    private readonly byte[] _file;
    private readonly string _fileName;

    private TableReader(byte[] file, string fileName)
    {
        _file = file;
        _fileName = fileName;
    }

    /// <summary>Parses <paramref name="file"/>; <paramref name="fileName"/> appears in error messages.</summary>
    /// <returns>The (key, value) entries in increasing key order.</returns>
    /// <exception cref="TrellisFormatException">The bytes are not a valid table.</exception>
    public static List<KeyValuePair<byte[], byte[]>> ReadAll(byte[] file, string fileName) =>
        new TableReader(file, fileName).ReadEntries();

    private List<KeyValuePair<byte[], byte[]>> ReadEntries()
    {
        if (_file.Length < TableConstants.FooterLength)
        {
            throw Error($"it is {_file.Length} bytes long, shorter than the {TableConstants.FooterLength}-byte table footer. The file is truncated or is not a checkpoint index");
        }
        int footerStart = _file.Length - TableConstants.FooterLength;
        ReadOnlySpan<byte> footer = _file.AsSpan(footerStart);
        ulong magic = BinaryPrimitives.ReadUInt64LittleEndian(footer[^8..]);
        if (magic != TableConstants.Magic)
        {
            throw Error($"the footer magic is 0x{magic:x16}, expected 0x{TableConstants.Magic:x16}. The file is truncated or is not a checkpoint index");
        }
        int pos = 0;
        if (!BlockHandle.TryDecode(footer, ref pos, out BlockHandle metaHandle) ||
            !BlockHandle.TryDecode(footer, ref pos, out BlockHandle indexHandle) ||
            pos > TableConstants.FooterLength - 8)
        {
            throw Error("the footer's block handles are malformed");
        }
        CheckHandle(metaHandle, footerStart, "metaindex");

        var entries = new List<KeyValuePair<byte[], byte[]>>();
        byte[]? previousKey = null;
        foreach (var (_, handleBytes) in ParseBlock(ReadBlock(indexHandle, footerStart, "index"), indexHandle, "index"))
        {
            int p = 0;
            if (!BlockHandle.TryDecode(handleBytes, ref p, out BlockHandle dataHandle) || p != handleBytes.Length)
            {
                throw Error($"an entry of the index block ({indexHandle}) is not a valid block handle");
            }
            foreach (var entry in ParseBlock(ReadBlock(dataHandle, footerStart, "data"), dataHandle, "data"))
            {
                if (previousKey is not null && entry.Key.AsSpan().SequenceCompareTo(previousKey) <= 0)
                {
                    throw Error($"the keys of the data {dataHandle} are out of order");
                }
                previousKey = entry.Key;
                entries.Add(entry);
            }
        }
        return entries;
    }

    private void CheckHandle(BlockHandle handle, int limit, string kind)
    {
        if (handle.Offset > (ulong)limit || handle.Size > (ulong)limit ||
            handle.Offset + handle.Size + TableConstants.BlockTrailerLength > (ulong)limit)
        {
            throw Error($"the {kind} {handle} extends past the end of the file ({_file.Length} bytes). The file is truncated");
        }
    }

    private byte[] ReadBlock(BlockHandle handle, int limit, string kind)
    {
        CheckHandle(handle, limit, kind);
        int offset = (int)handle.Offset;
        int size = (int)handle.Size;
        ReadOnlySpan<byte> contents = _file.AsSpan(offset, size);
        byte type = _file[offset + size];
        uint stored = BinaryPrimitives.ReadUInt32LittleEndian(_file.AsSpan(offset + size + 1));
        uint actual = Crc32C.Mask(Crc32C.Extend(Crc32C.Compute(contents), _file.AsSpan(offset + size, 1)));
        if (stored != actual)
        {
            throw Error($"the {kind} {handle} fails its CRC32C check (stored 0x{stored:x8}, computed 0x{actual:x8}). The file is corrupt; restore it from a good copy");
        }
        return type switch
        {
            TableConstants.NoCompression => contents.ToArray(),
            TableConstants.SnappyCompression => Snappy.Decompress(contents, $"Checkpoint index '{_fileName}', {kind} {handle}"),
            _ => throw Error($"the {kind} {handle} uses compression type {type}; only 0 (none) and 1 (Snappy) are supported"),
        };
    }

    private List<KeyValuePair<byte[], byte[]>> ParseBlock(byte[] block, BlockHandle handle, string kind)
    {
        if (block.Length < 4)
        {
            throw Error($"the {kind} {handle} is {block.Length} bytes, too short to hold its restart count");
        }
        uint restarts = BinaryPrimitives.ReadUInt32LittleEndian(block.AsSpan(block.Length - 4));
        if (restarts > (uint)(block.Length - 4) / 4)
        {
            throw Error($"the {kind} {handle} declares {restarts} restart points, more than fit in its {block.Length} bytes");
        }
        int end = block.Length - 4 - (4 * (int)restarts);
        var entries = new List<KeyValuePair<byte[], byte[]>>();
        byte[] key = [];
        int pos = 0;
        while (pos < end)
        {
            ReadOnlySpan<byte> region = block.AsSpan(0, end);
            if (!Varint.TryRead(region, ref pos, out ulong shared, 5) ||
                !Varint.TryRead(region, ref pos, out ulong unshared, 5) ||
                !Varint.TryRead(region, ref pos, out ulong valueLength, 5))
            {
                throw Error($"entry {entries.Count} of the {kind} {handle} has a malformed header");
            }
            if (shared > (ulong)key.Length || unshared + valueLength > (ulong)(end - pos))
            {
                throw Error($"entry {entries.Count} of the {kind} {handle} has lengths that run past the block (shared {shared}, unshared {unshared}, value {valueLength})");
            }
            var next = new byte[(int)shared + (int)unshared];
            key.AsSpan(0, (int)shared).CopyTo(next);
            region.Slice(pos, (int)unshared).CopyTo(next.AsSpan((int)shared));
            pos += (int)unshared;
            byte[] value = region.Slice(pos, (int)valueLength).ToArray();
            pos += (int)valueLength;
            key = next;
            entries.Add(new(key, value));
        }
        return entries;
    }

    private TrellisFormatException Error(string what) => new($"Checkpoint index '{_fileName}' is damaged: {what}.");
}
