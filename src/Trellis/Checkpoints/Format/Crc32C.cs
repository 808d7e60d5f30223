using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.InteropServices;

namespace Trellis.Checkpoints.Format;

/// <summary>
/// CRC-32C (Castagnoli), as LevelDB tables and TensorBundle data use it, plus the "masking" both formats apply
/// to stored checksums.
/// </summary>
/// <remarks>
/// <see cref="BitOperations.Crc32C(uint, ulong)"/> is the raw polynomial step (hardware <c>crc32</c> when present),
/// without the initial and final inversion; <see cref="Extend"/> adds those so results equal the standard CRC-32C
/// (<c>"123456789"</c> gives 0xE3069283).
/// </remarks>
internal static class Crc32C
{
    private const uint MaskDelta = 0xa282ead8;

    /// <summary>The CRC-32C of <paramref name="data"/>.</summary>
    public static uint Compute(ReadOnlySpan<byte> data) => Extend(0, data);

    /// <summary>The CRC-32C of the concatenation of the bytes that gave <paramref name="crc"/> and <paramref name="data"/>.</summary>
    public static uint Extend(uint crc, ReadOnlySpan<byte> data)
    {
        uint c = ~crc;
        if (BitConverter.IsLittleEndian)
        {
            // PERF (benchmarks/Trellis.Benchmarks -- checkpoint): the crc32 instruction has a latency of 3 cycles and a
            // throughput of 1, so three independent streams over thirds of a block run about 3x faster than one.
            while (data.Length >= 3 * StreamBytes)
            {
                c = ThreeStreams(c, MemoryMarshal.Cast<byte, ulong>(data[..(3 * StreamBytes)]));
                data = data[(3 * StreamBytes)..];
            }
        }
        return ~Serial(c, data);
    }

    /// <summary>Bytes per stream in one interleaved block.</summary>
    internal const int StreamBytes = 4096;

    // Shift operators: the raw CRC state after StreamBytes (or twice that) zero bytes, as a 32x32 GF(2) matrix
    // stored by columns. The raw state update is linear, so crc(A‖B‖C) = Z²ᴸ·crc(A) ⊕ Zᴸ·crc₀(B) ⊕ crc₀(C).
    private static readonly uint[] ShiftOne = ZeroShift(StreamBytes);
    private static readonly uint[] ShiftTwo = ZeroShift(2 * StreamBytes);

    private static uint ThreeStreams(uint state, ReadOnlySpan<ulong> words)
    {
        int n = StreamBytes / 8;
        ReadOnlySpan<ulong> x = words[..n], y = words.Slice(n, n), z = words.Slice(2 * n, n);
        uint a = state, b = 0, c = 0;
        for (int i = 0; i < n; i++)
        {
            a = BitOperations.Crc32C(a, x[i]);
            b = BitOperations.Crc32C(b, y[i]);
            c = BitOperations.Crc32C(c, z[i]);
        }
        return Apply(ShiftTwo, a) ^ Apply(ShiftOne, b) ^ c;
    }

    private static uint Serial(uint c, ReadOnlySpan<byte> data)
    {
        ReadOnlySpan<ulong> words = MemoryMarshal.Cast<byte, ulong>(data);
        if (BitConverter.IsLittleEndian)
        {
            foreach (ulong w in words)
            {
                c = BitOperations.Crc32C(c, w);
            }
        }
        else
        {
            foreach (ulong w in words)
            {
                c = BitOperations.Crc32C(c, BinaryPrimitives.ReverseEndianness(w));
            }
        }
        int i = words.Length * 8;
        if (i + 4 <= data.Length)
        {
            c = BitOperations.Crc32C(c, BinaryPrimitives.ReadUInt32LittleEndian(data[i..]));
            i += 4;
        }
        for (; i < data.Length; i++)
        {
            c = BitOperations.Crc32C(c, data[i]);
        }
        return c;
    }

    private static uint[] ZeroShift(int bytes)
    {
        var columns = new uint[32];
        for (int bit = 0; bit < 32; bit++)
        {
            uint s = 1u << bit;
            for (int i = 0; i < bytes / 8; i++)
            {
                s = BitOperations.Crc32C(s, 0UL);
            }
            columns[bit] = s;
        }
        return columns;
    }

    private static uint Apply(uint[] matrix, uint v)
    {
        uint r = 0;
        for (int bit = 0; v != 0; bit++, v >>= 1)
        {
            if ((v & 1) != 0)
            {
                r ^= matrix[bit];
            }
        }
        return r;
    }

    /// <summary>
    /// The stored form of a CRC. NOTE: storing a CRC of data that itself contains CRCs weakens the check, so
    /// LevelDB and TensorFlow rotate and offset it: ((c &gt;&gt; 15) | (c &lt;&lt; 17)) + 0xa282ead8.
    /// </summary>
    public static uint Mask(uint crc) => BitOperations.RotateRight(crc, 15) + MaskDelta;

    /// <summary>The inverse of <see cref="Mask"/>.</summary>
    public static uint Unmask(uint masked) => BitOperations.RotateLeft(masked - MaskDelta, 15);
}
