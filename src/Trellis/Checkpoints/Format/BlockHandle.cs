namespace Trellis.Checkpoints.Format;

/// <summary>Where a block lives in a table file: its offset and its size without the 5-byte trailer.</summary>
internal readonly record struct BlockHandle(ulong Offset, ulong Size)
{
    /// <summary>Longest encoding: two varint64s.</summary>
    public const int MaxEncodedLength = 20;

    /// <summary>Appends the two varints.</summary>
    public void EncodeTo(List<byte> buffer)
    {
        Varint.Append(buffer, Offset);
        Varint.Append(buffer, Size);
    }

    /// <summary>Reads two varints at <paramref name="pos"/>; false when they are malformed.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> data, ref int pos, out BlockHandle handle)
    {
        handle = default;
        if (!Varint.TryRead(data, ref pos, out ulong offset) || !Varint.TryRead(data, ref pos, out ulong size))
        {
            return false;
        }
        handle = new BlockHandle(offset, size);
        return true;
    }

    public override string ToString() => $"block at offset {Offset} (size {Size})";
}
