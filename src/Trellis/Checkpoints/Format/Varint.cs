namespace Trellis.Checkpoints.Format;

/// <summary>Base-128 varints (7 bits a byte, low group first) as LevelDB and protobuf write them.</summary>
internal static class Varint
{
    /// <summary>Bytes needed for <paramref name="value"/> (1 to 10).</summary>
    public static int Size(ulong value)
    {
        int n = 1;
        while (value >= 0x80)
        {
            value >>= 7;
            n++;
        }
        return n;
    }

    /// <summary>Writes <paramref name="value"/> at the start of <paramref name="dest"/>; returns the bytes written.</summary>
    public static int Write(Span<byte> dest, ulong value)
    {
        int i = 0;
        while (value >= 0x80)
        {
            dest[i++] = (byte)(value | 0x80);
            value >>= 7;
        }
        dest[i++] = (byte)value;
        return i;
    }

    /// <summary>Appends <paramref name="value"/> to <paramref name="buffer"/>.</summary>
    public static void Append(List<byte> buffer, ulong value)
    {
        while (value >= 0x80)
        {
            buffer.Add((byte)(value | 0x80));
            value >>= 7;
        }
        buffer.Add((byte)value);
    }

    /// <summary>
    /// Reads a varint of at most <paramref name="maxBytes"/> bytes at <paramref name="pos"/>, advancing it.
    /// Returns false when the input ends first or the varint is too long (a damaged file).
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> data, ref int pos, out ulong value, int maxBytes = 10)
    {
        value = 0;
        int shift = 0;
        for (int n = 0; n < maxBytes; n++)
        {
            if (pos >= data.Length)
            {
                return false;
            }
            byte b = data[pos++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return true;
            }
            shift += 7;
        }
        return false;
    }
}
