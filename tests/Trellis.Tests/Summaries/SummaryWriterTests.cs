using System.Buffers.Binary;
using System.Text;
using Trellis.Summaries;
using Trellis.Tests.TestSupport;

namespace Trellis.Tests.Summaries;

public class SummaryWriterTests
{
    // Bitwise CRC-32C (reflected polynomial 0x82F63B78), independent of the library's hardware-backed one.
    private static uint Crc32CBitwise(ReadOnlySpan<byte> data)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte b in data)
        {
            crc ^= b;
            for (int k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0x82F63B78 : crc >> 1;
            }
        }
        return ~crc;
    }

    private static uint Masked(ReadOnlySpan<byte> data)
    {
        uint c = Crc32CBitwise(data);
        return ((c >> 15) | (c << 17)) + 0xa282ead8;
    }

    private static List<byte[]> SplitRecordsCheckingCrcs(byte[] file)
    {
        var records = new List<byte[]>();
        int pos = 0;
        while (pos < file.Length)
        {
            ulong length = BinaryPrimitives.ReadUInt64LittleEndian(file.AsSpan(pos));
            Assert.Equal(Masked(file.AsSpan(pos, 8)), BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(pos + 8)));
            byte[] data = file.AsSpan(pos + 12, (int)length).ToArray();
            Assert.Equal(Masked(data), BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(pos + 12 + (int)length)));
            records.Add(data);
            pos += 16 + (int)length;
        }
        Assert.Equal(file.Length, pos);
        return records;
    }

    [Fact]
    public void Scalar_RoundTrip_ReadsTagsStepsAndValues()
    {
        using var dir = new ScratchDir();
        string path;
        using (var writer = new SummaryWriter(dir.Path))
        {
            writer.Scalar("epoch_loss", 0.75, 0);
            writer.Scalar("epoch_loss", 0.5, 1);
            writer.Scalar("epoch_accuracy", 0.875, 1);
            path = writer.FilePath;
        }
        var scalars = EventFileReader.ReadScalars(path);
        Assert.Equal(
            [("epoch_loss", 0L, 0.75f), ("epoch_loss", 1L, 0.5f), ("epoch_accuracy", 1L, 0.875f)],
            scalars.Select(s => (s.Tag, s.Step, s.Value)));
        Assert.All(scalars, s => Assert.InRange(s.WallTime, 1.6e9, 1e10));
    }

    [Fact]
    public void FilePath_FollowsTensorFlowNaming()
    {
        using var dir = new ScratchDir();
        using var writer = new SummaryWriter(dir.Path);
        string name = Path.GetFileName(writer.FilePath);
        Assert.Matches(@"^events\.out\.tfevents\.\d{10}\." + System.Text.RegularExpressions.Regex.Escape(Environment.MachineName) + "$", name);
    }

    [Fact]
    public void FilePath_TwoWritersInOneSecond_GetDistinctFiles()
    {
        using var dir = new ScratchDir();
        var t = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);
        using var a = new SummaryWriter(dir.Path, () => t);
        using var b = new SummaryWriter(dir.Path, () => t);
        Assert.NotEqual(a.FilePath, b.FilePath);
    }

    [Fact]
    public void Framing_EveryRecord_HasCorrectMaskedCrcsAndTensorFlowFieldNumbers()
    {
        using var dir = new ScratchDir();
        var t = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_500);
        string path;
        using (var writer = new SummaryWriter(dir.Path, () => t))
        {
            writer.Scalar("loss", 2.0, 7);
            path = writer.FilePath;
        }
        var records = SplitRecordsCheckingCrcs(File.ReadAllBytes(path));
        Assert.Equal(2, records.Count);

        // Event{wall_time(1, fixed64), file_version(3, bytes) = "brain.Event:2"}
        byte[] wall = BitConverter.GetBytes(1_700_000_000.5);
        byte[] expectedFirst = [0x09, .. wall, 0x1A, 13, .. Encoding.ASCII.GetBytes("brain.Event:2")];
        Assert.Equal(expectedFirst, records[0]);

        // Event{wall_time, step(2, varint) = 7, summary(5) = Summary{value(1) = Value{tag(1) = "loss", simple_value(2, fixed32) = 2f}}}
        byte[] value = [0x0A, 4, .. Encoding.ASCII.GetBytes("loss"), 0x15, .. BitConverter.GetBytes(2f)];
        byte[] summary = [0x0A, (byte)value.Length, .. value];
        byte[] expectedSecond = [0x09, .. wall, 0x10, 7, 0x2A, (byte)summary.Length, .. summary];
        Assert.Equal(expectedSecond, records[1]);
    }

    [Theory]
    [InlineData(3)]    // inside the length field: length CRC fails
    [InlineData(10)]   // the length CRC itself
    [InlineData(14)]   // the data
    [InlineData(-1)]   // the last data CRC
    public void ReadScalars_CorruptedByte_ThrowsNamingTheCrc(int offset)
    {
        using var dir = new ScratchDir();
        string path;
        using (var writer = new SummaryWriter(dir.Path))
        {
            writer.Scalar("loss", 1.0, 0);
            path = writer.FilePath;
        }
        byte[] bytes = File.ReadAllBytes(path);
        bytes[offset < 0 ? bytes.Length + offset : offset] ^= 0x40;
        File.WriteAllBytes(path, bytes);
        var ex = Assert.Throws<TrellisFormatException>(() => EventFileReader.ReadScalars(path));
        Assert.Contains("CRC32C", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadScalars_TruncatedFile_Throws()
    {
        using var dir = new ScratchDir();
        string path;
        using (var writer = new SummaryWriter(dir.Path))
        {
            writer.Scalar("loss", 1.0, 0);
            path = writer.FilePath;
        }
        byte[] bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..^3]);
        var ex = Assert.Throws<TrellisFormatException>(() => EventFileReader.ReadScalars(path));
        Assert.Contains("truncated", ex.Message, StringComparison.Ordinal);
    }
}
