using Trellis.Checkpoints.Format;

namespace Trellis.Tests.Checkpoints.Format;

public class SnappyTests
{
    [Fact]
    public void Decompress_LiteralOnly_ReturnsBytes()
    {
        // length 5, literal tag (5-1)<<2, "hello"
        byte[] block = [5, 4 << 2, (byte)'h', (byte)'e', (byte)'l', (byte)'l', (byte)'o'];
        Assert.Equal("hello"u8.ToArray(), Snappy.Decompress(block, "test"));
    }

    [Fact]
    public void Decompress_OverlappingCopy_RepeatsPattern()
    {
        // "ab" then a 1-byte-offset copy of length 8 at offset 2: "ababababab".
        byte[] block = [10, 1 << 2, (byte)'a', (byte)'b', (byte)(1 | ((8 - 4) << 2)), 2];
        Assert.Equal("ababababab"u8.ToArray(), Snappy.Decompress(block, "test"));
    }

    [Fact]
    public void Decompress_TwoAndFourByteOffsets_Copy()
    {
        // "xyz" then copy-2 (len 3, offset 3) then copy-4 (len 2, offset 6): "xyzxyzxy"
        byte[] block = [8, 2 << 2, (byte)'x', (byte)'y', (byte)'z', 2 | (2 << 2), 3, 0, 3 | (1 << 2), 6, 0, 0, 0];
        Assert.Equal("xyzxyzxy"u8.ToArray(), Snappy.Decompress(block, "test"));
    }

    [Fact]
    public void Decompress_LongLiteralWithLengthBytes_Works()
    {
        var payload = Enumerable.Range(0, 300).Select(i => (byte)i).ToArray();
        // tag 61<<2 means 2 length bytes follow holding length-1 = 299.
        byte[] block = [.. new byte[] { 0xAC, 0x02 }, 61 << 2, 299 & 0xFF, 299 >> 8, .. payload];
        Assert.Equal(payload, Snappy.Decompress(block, "test"));
    }

    [Fact]
    public void Decompress_RandomDataFromTestEncoder_RoundTrips()
    {
        var rng = new Random(11);
        for (int trial = 0; trial < 200; trial++)
        {
            int n = rng.Next(0, 5000);
            var data = new byte[n];
            for (int i = 0; i < n; i++)
            {
                // Mostly repeats of earlier bytes at various distances, so every copy kind occurs.
                data[i] = i > 8 && rng.Next(4) != 0 ? data[i - 1 - rng.Next(Math.Min(i, trial % 3 == 0 ? 3 : 4000))] : (byte)rng.Next(256);
            }
            Assert.Equal(data, Snappy.Decompress(TestSnappyEncoder.Compress(data), "test"));
        }
    }

    [Fact]
    public void Decompress_FarRepeatNeedingFourByteOffset_RoundTrips()
    {
        var data = new byte[70_200];
        new Random(5).NextBytes(data.AsSpan(0, 70_000));
        data.AsSpan(0, 200).CopyTo(data.AsSpan(70_000));
        byte[] compressed = TestSnappyEncoder.Compress(data);
        Assert.True(compressed.Length < data.Length, "the encoder should have found the far repeat");
        Assert.Equal(data, Snappy.Decompress(compressed, "test"));
    }

    public static TheoryData<string, byte[]> Malformed => new()
    {
        { "copy before any output", [4, 1 | (0 << 2), 1] },
        { "zero offset", [6, 0, (byte)'a', 1, 0] },
        { "offset past output", [6, 0, (byte)'a', 1 | (1 << 2), 5] },
        { "literal past input", [5, 4 << 2, (byte)'h'] },
        { "output longer than declared", [1, 1 << 2, (byte)'a', (byte)'b'] },
        { "output shorter than declared", [3, 0, (byte)'a'] },
        { "copy overruns output", [3, 0, (byte)'a', 1 | (7 << 2), 1] },
        { "cut-off copy-2", [3, 0, (byte)'a', 2, 1] },
        { "cut-off copy-4", [3, 0, (byte)'a', 3, 1, 0] },
        { "bad length varint", [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF] },
        { "absurd declared length", [0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0] },
        { "literal length bytes cut off", [9, 62 << 2, 1] },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void Decompress_MalformedBlock_ThrowsFormatExceptionNamingContext(string what, byte[] block)
    {
        var ex = Assert.Throws<TrellisFormatException>(() => Snappy.Decompress(block, "file.index block 7"));
        Assert.Contains("file.index block 7", ex.Message, StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(what));
    }
}
