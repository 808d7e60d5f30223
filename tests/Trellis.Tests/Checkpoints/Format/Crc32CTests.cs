using System.Text;
using Trellis.Checkpoints.Format;

namespace Trellis.Tests.Checkpoints.Format;

public class Crc32CTests
{
    // Bitwise reference: reflected polynomial 0x82F63B78, init and final xor 0xFFFFFFFF.
    private static uint Reference(ReadOnlySpan<byte> data)
    {
        uint c = 0xFFFFFFFF;
        foreach (byte b in data)
        {
            c ^= b;
            for (int k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? (c >> 1) ^ 0x82F63B78 : c >> 1;
            }
        }
        return ~c;
    }

    [Fact]
    public void Compute_CheckString_MatchesStandardValue()
    {
        Assert.Equal(0xE3069283u, Crc32C.Compute(Encoding.ASCII.GetBytes("123456789")));
    }

    [Fact]
    public void Compute_Rfc3720Vectors_Match()
    {
        // RFC 3720 B.4: 32 bytes of zeros, 32 bytes of 0xFF, 0..31 ascending.
        Assert.Equal(0x8A9136AAu, Crc32C.Compute(new byte[32]));
        Assert.Equal(0x62A8AB43u, Crc32C.Compute(Enumerable.Repeat((byte)0xFF, 32).ToArray()));
        Assert.Equal(0x46DD794Eu, Crc32C.Compute(Enumerable.Range(0, 32).Select(i => (byte)i).ToArray()));
    }

    [Fact]
    public void Compute_EveryLengthTo70_MatchesBitwiseReference()
    {
        var rng = new Random(7);
        for (int n = 0; n <= 70; n++)
        {
            var data = new byte[n];
            rng.NextBytes(data);
            Assert.Equal(Reference(data), Crc32C.Compute(data));
        }
    }

    [Fact]
    public void Extend_SplitAnywhere_EqualsWholeCompute()
    {
        var data = new byte[37];
        new Random(3).NextBytes(data);
        uint whole = Crc32C.Compute(data);
        for (int split = 0; split <= data.Length; split++)
        {
            Assert.Equal(whole, Crc32C.Extend(Crc32C.Compute(data.AsSpan(0, split)), data.AsSpan(split)));
        }
    }

    [Fact]
    public void Mask_KnownValueAndUnmask_RoundTrip()
    {
        // The masked CRC of a little-endian uint32 87 is stored by TensorFlow as bytes 22 12 31 de (fixture times_three_float).
        Assert.Equal(0xde311222u, Crc32C.Mask(Crc32C.Compute(BitConverter.GetBytes(87u))));
        foreach (uint c in new[] { 0u, 1u, 0xFFFFFFFFu, 0x12345678u, 0xa282ead8u })
        {
            Assert.Equal(c, Crc32C.Unmask(Crc32C.Mask(c)));
            Assert.Equal(unchecked(((c >> 15) | (c << 17)) + 0xa282ead8u), Crc32C.Mask(c));
        }
    }

    [Fact]
    public void Compute_InterleavedStreams_EqualBytewiseDefinition()
    {
        // Lengths around the 3 x 4096-byte interleaved block, plus odd tails, against a bit-by-bit CRC-32C.
        var rng = new Random(5);
        foreach (int n in new[] { 0, 1, 7, 12287, 12288, 12289, 24576 + 13, 100_003 })
        {
            var data = new byte[n];
            rng.NextBytes(data);
            Assert.Equal(BitwiseCrc32C(data), Crc32C.Compute(data));
            // Extending in two pieces equals one pass.
            Assert.Equal(Crc32C.Compute(data), Crc32C.Extend(Crc32C.Compute(data.AsSpan(0, n / 3)), data.AsSpan(n / 3)));
        }
    }

    private static uint BitwiseCrc32C(byte[] data)
    {
        uint c = 0xFFFFFFFF;
        foreach (byte b in data)
        {
            c ^= b;
            for (int k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? (c >> 1) ^ 0x82F63B78 : c >> 1;
            }
        }
        return ~c;
    }
}
