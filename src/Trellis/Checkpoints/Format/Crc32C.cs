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
        // PERF: 8 bytes per step; the hardware instruction has the same latency for 1 or 8 bytes.
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
        return ~c;
    }

    /// <summary>
    /// The stored form of a CRC. NOTE: storing a CRC of data that itself contains CRCs weakens the check, so
    /// LevelDB and TensorFlow rotate and offset it: ((c &gt;&gt; 15) | (c &lt;&lt; 17)) + 0xa282ead8.
    /// </summary>
    public static uint Mask(uint crc) => BitOperations.RotateRight(crc, 15) + MaskDelta;

    /// <summary>The inverse of <see cref="Mask"/>.</summary>
    public static uint Unmask(uint masked) => BitOperations.RotateLeft(masked - MaskDelta, 15);
}
