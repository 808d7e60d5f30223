using System.Buffers.Binary;

namespace Trellis.Checkpoints.Format;

/// <summary>
/// Decoder for the raw Snappy block format (no framing): a varint uncompressed length, then elements, each a
/// literal run or a back-reference copy. TensorFlow may Snappy-compress the blocks of a bundle's .index file.
/// </summary>
/// <remarks>
/// Element tags (low 2 bits): 0 literal (length-1 in the upper 6 bits, or 60..63 meaning 1..4 length bytes
/// follow); 1 copy with 3-bit length-4 and 11-bit offset; 2 copy with 6-bit length-1 and 2-byte offset;
/// 3 copy with 6-bit length-1 and 4-byte offset. Every read and copy is bounds-checked, because a damaged
/// index must give a <see cref="TrellisFormatException"/>, never an out-of-range write or a huge allocation.
/// </remarks>
internal static class Snappy
{
    // A 3-byte copy element expands to at most 64 bytes, so no valid stream expands more than ~22x.
    private const int MaxExpansion = 32;

    /// <summary>Decompresses one Snappy block.</summary>
    /// <param name="input">The compressed block.</param>
    /// <param name="context">Names the file and block in error messages.</param>
    /// <exception cref="TrellisFormatException">The block is not valid Snappy data.</exception>
    public static byte[] Decompress(ReadOnlySpan<byte> input, string context)
    {
        int pos = 0;
        if (!Varint.TryRead(input, ref pos, out ulong declared, maxBytes: 5) || declared > uint.MaxValue)
        {
            throw Corrupt(context, "the uncompressed-length header is not a valid varint32");
        }
        if (declared > (ulong)input.Length * MaxExpansion + 64 || declared > (ulong)Array.MaxLength)
        {
            throw Corrupt(context, $"it declares {declared} uncompressed bytes, impossible for {input.Length} compressed bytes");
        }
        var output = new byte[(int)declared];
        int written = 0;
        while (pos < input.Length)
        {
            byte tag = input[pos++];
            int kind = tag & 3;
            if (kind == 0)
            {
                int length = tag >> 2;
                if (length >= 60)
                {
                    int lengthBytes = length - 59;
                    if (pos + lengthBytes > input.Length)
                    {
                        throw Corrupt(context, $"a literal length at byte {pos - 1} runs past the end of the block");
                    }
                    uint extended = 0;
                    for (int b = 0; b < lengthBytes; b++)
                    {
                        extended |= (uint)input[pos + b] << (8 * b);
                    }
                    pos += lengthBytes;
                    if (extended >= int.MaxValue)
                    {
                        throw Corrupt(context, $"a literal of {extended} bytes is larger than the output");
                    }
                    length = (int)extended;
                }
                length++;
                if (length > input.Length - pos || length > output.Length - written)
                {
                    throw Corrupt(context, $"a literal of {length} bytes at byte {pos} runs past the end of the input or output");
                }
                input.Slice(pos, length).CopyTo(output.AsSpan(written));
                pos += length;
                written += length;
                continue;
            }

            int copyLength;
            int offset;
            if (kind == 1)
            {
                if (pos + 1 > input.Length)
                {
                    throw Corrupt(context, "a 1-byte-offset copy is cut off at the end of the block");
                }
                copyLength = ((tag >> 2) & 7) + 4;
                offset = ((tag >> 5) << 8) | input[pos];
                pos += 1;
            }
            else if (kind == 2)
            {
                if (pos + 2 > input.Length)
                {
                    throw Corrupt(context, "a 2-byte-offset copy is cut off at the end of the block");
                }
                copyLength = (tag >> 2) + 1;
                offset = BinaryPrimitives.ReadUInt16LittleEndian(input[pos..]);
                pos += 2;
            }
            else
            {
                if (pos + 4 > input.Length)
                {
                    throw Corrupt(context, "a 4-byte-offset copy is cut off at the end of the block");
                }
                copyLength = (tag >> 2) + 1;
                uint wide = BinaryPrimitives.ReadUInt32LittleEndian(input[pos..]);
                offset = wide > int.MaxValue ? int.MaxValue : (int)wide;
                pos += 4;
            }
            if (offset == 0 || offset > written)
            {
                throw Corrupt(context, $"a copy refers {offset} bytes back but only {written} bytes were decoded");
            }
            if (copyLength > output.Length - written)
            {
                throw Corrupt(context, $"a copy of {copyLength} bytes overruns the declared length {output.Length}");
            }
            // NOTE: a copy may overlap its own output (offset < length repeats a pattern), so copy forward byte by
            // byte in that case; Span.CopyTo would behave like memmove and read bytes not yet written.
            int from = written - offset;
            if (offset >= copyLength)
            {
                output.AsSpan(from, copyLength).CopyTo(output.AsSpan(written));
            }
            else
            {
                for (int k = 0; k < copyLength; k++)
                {
                    output[written + k] = output[from + k];
                }
            }
            written += copyLength;
        }
        if (written != output.Length)
        {
            throw Corrupt(context, $"it decoded to {written} bytes but declares {output.Length}");
        }
        return output;
    }

    private static TrellisFormatException Corrupt(string context, string what) =>
        new($"{context}: the Snappy-compressed block is damaged: {what}. The file is corrupt or truncated; restore it from a good copy.");
}
