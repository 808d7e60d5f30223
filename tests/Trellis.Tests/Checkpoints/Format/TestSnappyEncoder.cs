using Trellis.Checkpoints.Format;

namespace Trellis.Tests.Checkpoints.Format;

/// <summary>
/// A small greedy Snappy encoder for tests only (the library only decodes): it emits literals and all three copy
/// kinds so the decoder's paths all run. Its output is valid Snappy, not necessarily the smallest.
/// </summary>
internal static class TestSnappyEncoder
{
    public static byte[] Compress(byte[] input)
    {
        var output = new List<byte>();
        Varint.Append(output, (ulong)input.Length);
        var lastSeen = new Dictionary<int, int>();
        int literalStart = 0;
        int i = 0;
        while (i + 4 <= input.Length)
        {
            int key = BitConverter.ToInt32(input, i);
            if (lastSeen.TryGetValue(key, out int candidate) && i - candidate <= 70000)
            {
                int length = 4;
                while (i + length < input.Length && length < 64 && input[candidate + length] == input[i + length])
                {
                    length++;
                }
                EmitLiteral(output, input.AsSpan(literalStart, i - literalStart));
                EmitCopy(output, i - candidate, length);
                lastSeen[key] = i;
                i += length;
                literalStart = i;
                continue;
            }
            lastSeen[key] = i;
            i++;
        }
        EmitLiteral(output, input.AsSpan(literalStart));
        return [.. output];
    }

    private static void EmitLiteral(List<byte> output, ReadOnlySpan<byte> literal)
    {
        if (literal.IsEmpty)
        {
            return;
        }
        int n = literal.Length - 1;
        if (n < 60)
        {
            output.Add((byte)(n << 2));
        }
        else if (n < 256)
        {
            output.Add(60 << 2);
            output.Add((byte)n);
        }
        else
        {
            output.Add(62 << 2);
            output.Add((byte)n);
            output.Add((byte)(n >> 8));
            output.Add((byte)(n >> 16));
        }
        output.AddRange(literal);
    }

    private static void EmitCopy(List<byte> output, int offset, int length)
    {
        if (length <= 11 && offset < 2048)
        {
            output.Add((byte)(1 | ((length - 4) << 2) | ((offset >> 8) << 5)));
            output.Add((byte)offset);
        }
        else if (offset < 65536)
        {
            output.Add((byte)(2 | ((length - 1) << 2)));
            output.Add((byte)offset);
            output.Add((byte)(offset >> 8));
        }
        else
        {
            output.Add((byte)(3 | ((length - 1) << 2)));
            output.AddRange(BitConverter.GetBytes(offset));
        }
    }
}
