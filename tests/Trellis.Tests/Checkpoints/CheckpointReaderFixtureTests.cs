using Trellis.Checkpoints;
using Trellis.Checkpoints.Format;
using Trellis.Checkpoints.Proto;
using Trellis.Tests.TestSupport;

namespace Trellis.Tests.Checkpoints;

/// <summary>Every TensorBundle fixture (written by real TensorFlow) read and compared with our Python dumps of it.</summary>
public class CheckpointReaderFixtureTests
{
    public static TheoryData<string> SavedModelDirs => new()
    {
        "tensorflow_serving/saved_model_half_plus_two_cpu/00000123",
        "tensorflow_serving/saved_model_half_plus_two_tf2_cpu/00000123",
        "tensorflow_serving/saved_model_half_plus_three/00000123",
        "tensorflow_serving/saved_model_half_plus_two_mkl/00000123",
        "tensorflow_serving/saved_model_counter/00000123",
        "tensorflow_serving/tf_text_regression/01",
        "tensorflow_net/simple_model_from_auto_compile",
        "tensorflow_net/python_func_model",
        "tensorflow_net/lstm_from_sequential",
        "tfjs_node_saved_models/times_three_float",
        "tfjs_node_saved_models/times_two_int",
        "tfjs_node_saved_models/module_with_multiple_signatures",
        "tfjs_node_saved_models/model_single_input_multi_output",
        "tfjs_node_saved_models/model_multi_output",
        "tfjs_node_saved_models/int64_multiply",
        "tfjs_node_saved_models/uint8_multiply",
    };

    internal static string Dir(string relative) => TestSupport.Fixtures.Path(relative.Split('/'));

    private static BundleDumpText Dump(string relative) => BundleDumpText.Parse(File.ReadAllText(
        TestSupport.Fixtures.Path("_decoded", relative.Replace('/', '_') + "_variables_variables.bundle.txt")));

    [Theory]
    [MemberData(nameof(SavedModelDirs))]
    public void Open_SavedModelFixture_EntriesMatchDecodedDump(string relative)
    {
        var reader = CheckpointReader.Open(Dir(relative));
        BundleDumpText dump = Dump(relative);

        Assert.Equal(dump.Entries.Select(e => e.Key), reader.Bundle.Keys);
        foreach (var expected in dump.Entries)
        {
            BundleEntryInfo info = reader.Bundle.GetEntry(expected.Key);
            BundleEntryProto proto = reader.Bundle.GetEntryProto(expected.Key);
            Assert.Equal(expected.DType, TfDataTypes.Name(info.DataType));
            Assert.Equal(expected.Shape, info.Shape.ToArray());
            Assert.Equal((expected.Shard, expected.Offset, expected.Size), (proto.ShardId, proto.Offset, proto.Size));
            Assert.Equal("crc-ok", expected.CrcStatus);
            if (info.IsString)
            {
                Assert.NotEmpty(reader.Bundle.ReadStrings(expected.Key));
                continue;
            }
            Tensor t = reader.GetTensor(expected.Key);
            Assert.Equal(expected.Shape, t.Shape.ToArray());
            foreach (var (tokens, what) in new[] { (expected.Values, "values"), (expected.First, "first") })
            {
                for (int i = 0; tokens is not null && i < tokens.Count; i++)
                {
                    Assert.True(BundleDumpText.ParseDouble(tokens[i]) == t.GetAsDouble(i), $"{expected.Key} {what}[{i}]: dump {tokens[i]}, read {t.GetAsDouble(i)}");
                }
            }
            if (expected.Sum is double sum)
            {
                double ours = Enumerable.Range(0, t.Size).Sum(t.GetAsDouble);
                // numpy sums pairwise, we sum in order: both in float64 over float32 inputs.
                Assert.True(Math.Abs(ours - sum) <= 1e-9 * Math.Max(1, Enumerable.Range(0, t.Size).Sum(i => Math.Abs(t.GetAsDouble(i)))), $"{expected.Key}: sum {ours} vs dump {sum}");
            }
        }

        var variables = reader.ListVariables();
        Assert.Equal(dump.Entries.Where(e => e.DType != "string").Select(e => e.Key).Order(StringComparer.Ordinal), variables.Select(v => v.Key));
        foreach (var v in variables)
        {
            Assert.Equal(dump.Entries.Single(e => e.Key == v.Key).DType, v.DType.Name());
        }
    }

    [Theory]
    [MemberData(nameof(SavedModelDirs))]
    public void ObjectGraph_SavedModelFixture_MatchesDecodedDump(string relative)
    {
        var reader = CheckpointReader.Open(Dir(relative));
        BundleDumpText dump = Dump(relative);
        TrackableObjectGraph? graph = reader.ObjectGraph;
        if (dump.Nodes.Count == 0)
        {
            Assert.Null(graph);
            Assert.False(reader.HasTensor(BundleNames.ObjectGraphKey));
            return;
        }
        Assert.NotNull(graph);
        Assert.Equal(dump.Nodes.Count, graph.Nodes.Count);
        for (int i = 0; i < dump.Nodes.Count; i++)
        {
            var node = graph.Nodes[i];
            Assert.Equal(dump.Nodes[i].Children, node.Children.Select(c => (c.NodeId, c.LocalName)));
            Assert.Equal(dump.Nodes[i].Attributes, node.Attributes.Select(a => (a.Name, a.FullName, a.CheckpointKey)));
            Assert.Equal(dump.Nodes[i].Slots, node.SlotVariables.Select(s => (s.OriginalVariableNodeId, s.SlotName, s.SlotVariableNodeId)));
        }
        foreach (var attr in graph.Nodes.SelectMany(n => n.Attributes))
        {
            Assert.True(reader.HasTensor(attr.CheckpointKey), $"object graph names '{attr.CheckpointKey}', which the bundle lacks");
        }
    }

    [Theory]
    [InlineData("tensorflow_serving/saved_model_half_plus_two_cpu/00000123")]
    [InlineData("tensorflow_serving/saved_model_half_plus_two_tf2_cpu/00000123")]
    public void Open_SnappyIndexFixture_ReallyHasSnappyBlockAndReads(string relative)
    {
        string index = Path.Combine(Dir(relative), "variables", "variables.index");
        byte[] file = File.ReadAllBytes(index);
        // Footer -> index handle -> the index block's first entry -> the data block's trailer type byte.
        int pos = 0;
        ReadOnlySpan<byte> footer = file.AsSpan(file.Length - TableConstants.FooterLength);
        Assert.True(BlockHandle.TryDecode(footer, ref pos, out _));
        Assert.True(BlockHandle.TryDecode(footer, ref pos, out var indexHandle));
        ReadOnlySpan<byte> block = file.AsSpan((int)indexHandle.Offset, (int)indexHandle.Size);
        int p = 0;
        Assert.True(Varint.TryRead(block, ref p, out _));
        Assert.True(Varint.TryRead(block, ref p, out ulong keyLen));
        Assert.True(Varint.TryRead(block, ref p, out _));
        p += (int)keyLen;
        Assert.True(BlockHandle.TryDecode(block, ref p, out var dataHandle));
        Assert.Equal(TableConstants.SnappyCompression, file[(int)(dataHandle.Offset + dataHandle.Size)]);

        Assert.Equal(0.5f, CheckpointReader.Open(Dir(relative)).GetTensor(relative.Contains("tf2", StringComparison.Ordinal) ? "a/.ATTRIBUTES/VARIABLE_VALUE" : "a").Item<float>());
    }

    [Fact]
    public void Open_BadHalfPlusTwoDirectory_ReportsOldV1FormatNotSupported()
    {
        string dir = Dir("tensorflow_serving/bad_half_plus_two/00000123");
        var ex = Assert.Throws<TrellisFormatException>(() => CheckpointReader.Open(dir));
        Assert.Contains("old V1 checkpoint format", ex.Message, StringComparison.Ordinal);
        Assert.Contains("not supported", ex.Message, StringComparison.Ordinal);

        var direct = Assert.Throws<TrellisFormatException>(() => CheckpointReader.Open(Path.Combine(dir, "export")));
        Assert.Contains("old V1 checkpoint format", direct.Message, StringComparison.Ordinal);
        Assert.Contains("export", direct.Message, StringComparison.Ordinal);
    }
}
