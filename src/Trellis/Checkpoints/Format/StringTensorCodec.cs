using System.Buffers.Binary;

namespace Trellis.Checkpoints.Format;

/// <summary>
/// The on-disk form of DT_STRING tensors in a bundle data shard, and its checksum rule.
/// </summary>
/// <remarks>
/// Layout: the varint64 length of every element, then a 4-byte checksum of the lengths, then the element bytes.
/// The entry CRC32C runs over each length written as a little-endian uint32 (uint64 when it exceeds 4 GiB), then
/// the 4 checksum bytes, then the element bytes. The 4-byte length checksum is the *masked* CRC of those
/// length words (checked against TensorFlow-written fixtures; e.g. length 87 gives bytes 22 12 31 de).
/// </remarks>
internal static class StringTensorCodec
{
    /// <summary>Serializes <paramref name="elements"/>; returns the bytes and the unmasked entry CRC.</summary>
    public static (byte[] Bytes, uint Crc) Encode(IReadOnlyList<byte[]> elements)
    {
        var lengths = new List<byte>();
        uint crc = 0;
        long total = 0;
        Span<byte> word = stackalloc byte[8];
        foreach (byte[] e in elements)
        {
            crc = ExtendWithLength(crc, (ulong)e.LongLength, word);
            Varint.Append(lengths, (ulong)e.LongLength);
            total += e.LongLength;
        }
        var bytes = new byte[lengths.Count + 4 + total];
        lengths.CopyTo(bytes);
        int pos = lengths.Count;
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(pos), Crc32C.Mask(crc));
        crc = Crc32C.Extend(crc, bytes.AsSpan(pos, 4));
        pos += 4;
        foreach (byte[] e in elements)
        {
            e.CopyTo(bytes, pos);
            crc = Crc32C.Extend(crc, e);
            pos += e.Length;
        }
        return (bytes, crc);
    }

    /// <summary>Parses <paramref name="count"/> elements; returns them and the unmasked entry CRC.</summary>
    /// <exception cref="TrellisFormatException">The bytes do not hold <paramref name="count"/> well-formed elements.</exception>
    public static (byte[][] Elements, uint Crc) Decode(ReadOnlySpan<byte> raw, int count, string context)
    {
        var lengths = new ulong[count];
        int pos = 0;
        uint crc = 0;
        Span<byte> word = stackalloc byte[8];
        ulong total = 0;
        for (int i = 0; i < count; i++)
        {
            if (!Varint.TryRead(raw, ref pos, out lengths[i]) || lengths[i] > (ulong)raw.Length)
            {
                throw new TrellisFormatException($"{context}: the length of string element {i} is malformed or exceeds the tensor's {raw.Length} bytes. The data file is corrupt.");
            }
            total += lengths[i];
            crc = ExtendWithLength(crc, lengths[i], word);
        }
        if (pos + 4 > raw.Length)
        {
            throw new TrellisFormatException($"{context}: the string tensor ends before its length checksum. The data file is corrupt.");
        }
        uint storedLengthCheck = BinaryPrimitives.ReadUInt32LittleEndian(raw[pos..]);
        if (storedLengthCheck != Crc32C.Mask(crc))
        {
            throw new TrellisFormatException($"{context}: the checksum of the string lengths does not match (stored 0x{storedLengthCheck:x8}, computed 0x{Crc32C.Mask(crc):x8}). The data file is corrupt.");
        }
        crc = Crc32C.Extend(crc, raw.Slice(pos, 4));
        pos += 4;
        if (total != (ulong)(raw.Length - pos))
        {
            throw new TrellisFormatException($"{context}: the string elements add up to {total} bytes but {raw.Length - pos} follow the lengths. The data file is corrupt.");
        }
        var elements = new byte[count][];
        for (int i = 0; i < count; i++)
        {
            elements[i] = raw.Slice(pos, (int)lengths[i]).ToArray();
            crc = Crc32C.Extend(crc, elements[i]);
            pos += (int)lengths[i];
        }
        return (elements, crc);
    }

    private static uint ExtendWithLength(uint crc, ulong length, Span<byte> word)
    {
        if (length > uint.MaxValue)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(word, length);
            return Crc32C.Extend(crc, word[..8]);
        }
        BinaryPrimitives.WriteUInt32LittleEndian(word, (uint)length);
        return Crc32C.Extend(crc, word[..4]);
    }
}
