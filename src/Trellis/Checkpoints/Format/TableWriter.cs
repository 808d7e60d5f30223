using System.Buffers.Binary;

namespace Trellis.Checkpoints.Format;

/// <summary>
/// Writes a LevelDB-style immutable sorted table (the layout of a TensorBundle <c>.index</c> file): data blocks of
/// prefix-compressed keys, an empty metaindex block, an index block with one entry per data block, and a 48-byte
/// footer. Blocks are stored uncompressed.
/// </summary>
/// <remarks>
/// Layout: [data block, trailer]* [metaindex block, trailer] [index block, trailer] [footer]. A trailer is the
/// compression type byte and the masked CRC32C of block + type byte. The index entry for a data block uses the
/// block's last key, which is at least every key in the block and below every key after it.
/// </remarks>
internal sealed class TableWriter
{
    private readonly Stream _output;
    private readonly BlockBuilder _dataBlock = new(TableConstants.RestartInterval);
    private readonly BlockBuilder _indexBlock = new(1);
    private byte[]? _lastKey;
    private ulong _offset;
    private bool _finished;

    /// <summary>Writes to <paramref name="output"/> (not disposed).</summary>
    public TableWriter(Stream output) => _output = output;

    /// <summary>Adds an entry; keys must come in strictly increasing byte order.</summary>
    /// <exception cref="ArgumentException">The key is not greater than the previous one.</exception>
    public void Add(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value)
    {
        if (_finished)
        {
            throw new InvalidOperationException("The table is already finished; create a new TableWriter.");
        }
        if (_lastKey is not null && key.SequenceCompareTo(_lastKey) <= 0)
        {
            throw new ArgumentException(
                $"Table keys must be added in strictly increasing byte order, but '{System.Text.Encoding.UTF8.GetString(key)}' " +
                $"came after '{System.Text.Encoding.UTF8.GetString(_lastKey)}'. Sort the keys ordinally and remove duplicates.",
                nameof(key));
        }
        _dataBlock.Add(key, value);
        _lastKey = key.ToArray();
        if (_dataBlock.EstimatedSize >= TableConstants.TargetBlockSize)
        {
            FlushDataBlock();
        }
    }

    /// <summary>Writes the remaining data block, the metaindex and index blocks and the footer.</summary>
    public void Finish()
    {
        if (_finished)
        {
            return;
        }
        FlushDataBlock();
        var metaindex = new BlockBuilder(TableConstants.RestartInterval);
        BlockHandle metaHandle = WriteBlock(metaindex.Finish());
        BlockHandle indexHandle = WriteBlock(_indexBlock.Finish());

        var footer = new List<byte>(TableConstants.FooterLength);
        metaHandle.EncodeTo(footer);
        indexHandle.EncodeTo(footer);
        var bytes = new byte[TableConstants.FooterLength];
        footer.CopyTo(bytes);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(TableConstants.FooterLength - 8), TableConstants.Magic);
        _output.Write(bytes);
        _offset += (ulong)bytes.Length;
        _finished = true;
    }

    private void FlushDataBlock()
    {
        if (_dataBlock.IsEmpty)
        {
            return;
        }
        BlockHandle handle = WriteBlock(_dataBlock.Finish());
        _dataBlock.Reset();
        var encoded = new List<byte>(BlockHandle.MaxEncodedLength);
        handle.EncodeTo(encoded);
        _indexBlock.Add(_lastKey, encoded.ToArray());
    }

    private BlockHandle WriteBlock(byte[] contents)
    {
        var handle = new BlockHandle(_offset, (ulong)contents.Length);
        Span<byte> trailer = stackalloc byte[TableConstants.BlockTrailerLength];
        trailer[0] = TableConstants.NoCompression;
        uint crc = Crc32C.Extend(Crc32C.Compute(contents), trailer[..1]);
        BinaryPrimitives.WriteUInt32LittleEndian(trailer[1..], Crc32C.Mask(crc));
        _output.Write(contents);
        _output.Write(trailer);
        _offset += (ulong)(contents.Length + TableConstants.BlockTrailerLength);
        return handle;
    }
}
