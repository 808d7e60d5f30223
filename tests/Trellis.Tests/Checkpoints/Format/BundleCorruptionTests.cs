using Trellis.Tests.TestSupport;
using Trellis.Checkpoints;
using Trellis.Checkpoints.Format;

namespace Trellis.Tests.Checkpoints.Format;

public class BundleCorruptionTests
{
    private static string WriteSample(ScratchDir tmp)
    {
        string prefix = tmp.File("ckpt");
        BundleRoundTripTests.WriteEveryDType(prefix, seed: 9);
        return prefix;
    }

    [Fact]
    public void ReadTensor_FlippedByteInData_ReportsKeyAndFile()
    {
        using var tmp = new ScratchDir();
        string prefix = WriteSample(tmp);
        var reader = BundleReader.Open(prefix);
        var entry = reader.GetEntryProto("f64");
        string data = prefix + ".data-00000-of-00001";
        byte[] bytes = File.ReadAllBytes(data);
        bytes[entry.Offset + 5] ^= 0x10;
        File.WriteAllBytes(data, bytes);

        var ex = Assert.Throws<TrellisFormatException>(() => BundleReader.Open(prefix).ReadTensor("f64"));
        Assert.Contains("'f64'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("CRC32C", ex.Message, StringComparison.Ordinal);
        Assert.Contains(data, ex.Message, StringComparison.Ordinal);
        // Other tensors are unaffected.
        Assert.Equal(BundleRoundTripTests.EveryDType(9)["i32"].ToBytes(), BundleReader.Open(prefix).ReadTensor("i32").ToBytes());
    }

    [Fact]
    public void ReadStrings_FlippedByteInStringData_ReportsKey()
    {
        using var tmp = new ScratchDir();
        string prefix = WriteSample(tmp);
        var entry = BundleReader.Open(prefix).GetEntryProto("strings");
        string data = prefix + ".data-00000-of-00001";
        foreach (long at in new[] { entry.Offset, entry.Offset + entry.Size - 1, entry.Offset + entry.Size - 3 })
        {
            byte[] bytes = File.ReadAllBytes(data);
            bytes[at] ^= 0x01;
            File.WriteAllBytes(data, bytes);
            var ex = Assert.Throws<TrellisFormatException>(() => CheckpointReader.Open(prefix).Bundle.ReadStrings("strings"));
            Assert.Contains("'strings'", ex.Message, StringComparison.Ordinal);
            bytes[at] ^= 0x01;
            File.WriteAllBytes(data, bytes);
        }
    }

    [Fact]
    public void Open_FlippedByteInIndex_ReportsIndexFileAndBlock()
    {
        using var tmp = new ScratchDir();
        string prefix = WriteSample(tmp);
        string index = prefix + ".index";
        byte[] bytes = File.ReadAllBytes(index);
        bytes[20] ^= 0x04;
        File.WriteAllBytes(index, bytes);

        var ex = Assert.Throws<TrellisFormatException>(() => CheckpointReader.Open(prefix));
        Assert.Contains(index, ex.Message, StringComparison.Ordinal);
        Assert.Contains("block at offset 0", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_EveryTruncatedIndex_ThrowsClearFormatException()
    {
        using var tmp = new ScratchDir();
        string prefix = WriteSample(tmp);
        string index = prefix + ".index";
        byte[] good = File.ReadAllBytes(index);
        for (int len = 0; len < good.Length; len += Math.Max(1, len / 16))
        {
            File.WriteAllBytes(index, good.AsSpan(0, len).ToArray());
            var ex = Assert.Throws<TrellisFormatException>(() => BundleReader.Open(prefix));
            Assert.Contains(index, ex.Message, StringComparison.Ordinal);
        }
        File.WriteAllBytes(index, good.AsSpan(0, 30).ToArray());
        Assert.Contains("truncated", Assert.Throws<TrellisFormatException>(() => BundleReader.Open(prefix)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadTensor_TruncatedData_ReportsKeyAndTruncation()
    {
        using var tmp = new ScratchDir();
        string prefix = WriteSample(tmp);
        string data = prefix + ".data-00000-of-00001";
        var reader = BundleReader.Open(prefix);
        string lastKey = reader.Keys.MaxBy(k => reader.GetEntryProto(k).Offset)!;
        byte[] bytes = File.ReadAllBytes(data);
        File.WriteAllBytes(data, bytes.AsSpan(0, bytes.Length - 1).ToArray());
        var ex = Assert.Throws<TrellisFormatException>(() => ReadAny(reader, lastKey));
        Assert.Contains($"'{lastKey}'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("truncated", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadTensor_MissingDataFile_NamesTheFile()
    {
        using var tmp = new ScratchDir();
        string prefix = WriteSample(tmp);
        File.Delete(prefix + ".data-00000-of-00001");
        var ex = Assert.Throws<TrellisFormatException>(() => BundleReader.Open(prefix).ReadTensor("i32"));
        Assert.Contains(".data-00000-of-00001", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_MissingIndex_ExplainsPrefixAndListsCandidates()
    {
        using var tmp = new ScratchDir();
        string prefix = WriteSample(tmp);
        var ex = Assert.Throws<TrellisFormatException>(() => CheckpointReader.Open(prefix + "-typo"));
        Assert.Contains("No checkpoint index", ex.Message, StringComparison.Ordinal);
        Assert.Contains(prefix, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_GarbageIndex_SaysNotACheckpointIndex()
    {
        using var tmp = new ScratchDir();
        string prefix = tmp.File("junk");
        File.WriteAllBytes(prefix + ".index", Enumerable.Range(0, 200).Select(i => (byte)i).ToArray());
        var ex = Assert.Throws<TrellisFormatException>(() => BundleReader.Open(prefix));
        Assert.Contains("magic", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_DirectoryWithStateFile_OpensLatestAndReportsMissingOne()
    {
        using var tmp = new ScratchDir();
        BundleRoundTripTests.WriteEveryDType(tmp.File("ckpt-1"), seed: 1);
        BundleRoundTripTests.WriteEveryDType(tmp.File("ckpt-2"), seed: 2);
        File.WriteAllText(tmp.File("checkpoint"), "model_checkpoint_path: \"ckpt-2\"\nall_model_checkpoint_paths: \"ckpt-1\"\nall_model_checkpoint_paths: \"ckpt-2\"\n");
        Assert.Equal(BundleRoundTripTests.EveryDType(2)["f64"].ToBytes(), CheckpointReader.Open(tmp.Path).GetTensor("f64").ToBytes());

        // A state file recorded with an absolute path elsewhere (a moved directory) still resolves next to it.
        File.WriteAllText(tmp.File("checkpoint"), "model_checkpoint_path: \"/nonexistent/old/place/ckpt-1\"\n");
        Assert.Equal(BundleRoundTripTests.EveryDType(1)["f64"].ToBytes(), CheckpointReader.Open(tmp.Path).GetTensor("f64").ToBytes());

        File.WriteAllText(tmp.File("checkpoint"), "model_checkpoint_path: \"ckpt-3\"\n");
        Assert.Contains("ckpt-3", Assert.Throws<TrellisFormatException>(() => CheckpointReader.Open(tmp.Path)).Message, StringComparison.Ordinal);
    }

    private static object ReadAny(BundleReader reader, string key) =>
        reader.GetEntry(key).IsString ? reader.ReadStrings(key) : reader.ReadTensor(key);
}
