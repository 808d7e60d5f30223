using Trellis.Tests.TestSupport;
using Google.Protobuf;
using Trellis.Checkpoints;
using Trellis.Checkpoints.Format;
using Trellis.Checkpoints.Proto;

namespace Trellis.Tests.Checkpoints.Format;

/// <summary>Index contents TensorFlow can write but Trellis cannot use: each must fail with a message that says why.</summary>
public class BundleReaderEdgeTests
{
    private static string WriteIndex(ScratchDir tmp, BundleHeaderProto header, params (string Key, BundleEntryProto Entry)[] entries)
    {
        string prefix = tmp.File("edge");
        File.WriteAllBytes(prefix + ".data-00000-of-00001", new byte[64]);
        using var index = File.Create(prefix + ".index");
        var table = new TableWriter(index);
        table.Add([], header.ToByteArray());
        foreach (var (key, entry) in entries.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            table.Add(System.Text.Encoding.UTF8.GetBytes(key), entry.ToByteArray());
        }
        table.Finish();
        return prefix;
    }

    private static BundleHeaderProto Header() => new() { NumShards = 1, Version = new VersionDef { Producer = 1 } };

    [Fact]
    public void ReadTensor_SlicedEntry_SaysPartitionedVariablesUnsupported()
    {
        using var tmp = new ScratchDir();
        var entry = BundleRoundTripTests.Entry(DataType.DtFloat, [4], 0, 0, new byte[16]);
        entry.Slices.Add(new TensorSliceProto { Extent = { new TensorSliceProto.Types.Extent { Start = 0, Length = 2 } } });
        string prefix = WriteIndex(tmp, Header(), ("w", entry));
        var ex = Assert.Throws<TrellisFormatException>(() => BundleReader.Open(prefix).ReadTensor("w"));
        Assert.Contains("partitioned", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'w'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadTensor_DTypeTrellisLacks_NamesTheDType()
    {
        using var tmp = new ScratchDir();
        string prefix = WriteIndex(tmp, Header(), ("s16", BundleRoundTripTests.Entry(DataType.DtInt16, [2], 0, 0, new byte[4])));
        var reader = CheckpointReader.Open(prefix);
        Assert.Empty(reader.ListVariables());
        Assert.True(reader.HasTensor("s16"));
        Assert.Contains("int16", Assert.Throws<TrellisFormatException>(() => reader.GetTensor("s16")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_BigEndianBundle_IsRefusedWithReason()
    {
        using var tmp = new ScratchDir();
        var header = Header();
        header.Endianness = BundleHeaderProto.Types.Endianness.Big;
        string prefix = WriteIndex(tmp, header);
        Assert.Contains("big-endian", Assert.Throws<TrellisFormatException>(() => BundleReader.Open(prefix)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadTensor_SizeDisagreesWithShape_ReportsCorruptIndex()
    {
        using var tmp = new ScratchDir();
        var entry = BundleRoundTripTests.Entry(DataType.DtFloat, [4], 0, 0, new byte[12]);
        string prefix = WriteIndex(tmp, Header(), ("w", entry));
        var ex = Assert.Throws<TrellisFormatException>(() => BundleReader.Open(prefix).ReadTensor("w"));
        Assert.Contains("needs 16", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadTensor_ShardIdOutOfRange_ReportsCorruptIndex()
    {
        using var tmp = new ScratchDir();
        string prefix = WriteIndex(tmp, Header(), ("w", BundleRoundTripTests.Entry(DataType.DtFloat, [1], 3, 0, new byte[4])));
        Assert.Contains("shard 3", Assert.Throws<TrellisFormatException>(() => BundleReader.Open(prefix).ReadTensor("w")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_NoHeaderEntry_IsRefused()
    {
        using var tmp = new ScratchDir();
        string prefix = tmp.File("nohead");
        using (var index = File.Create(prefix + ".index"))
        {
            var table = new TableWriter(index);
            table.Add("a"u8, BundleRoundTripTests.Entry(DataType.DtFloat, [1], 0, 0, new byte[4]).ToByteArray());
            table.Finish();
        }
        Assert.Contains("no header", Assert.Throws<TrellisFormatException>(() => BundleReader.Open(prefix)).Message, StringComparison.Ordinal);
    }
}
