using System.Text;
using Google.Protobuf;
using Trellis.Checkpoints;
using Trellis.Checkpoints.Format;
using Trellis.Checkpoints.Proto;
using Trellis.Tests.TestSupport;

namespace Trellis.Tests.Checkpoints.Format;

public class BundleRoundTripTests
{
    /// <summary>Random bits for every dtype (so float NaN payloads, -0, infinities and subnormals occur), bools 0/1.</summary>
    internal static Dictionary<string, Tensor> EveryDType(int seed)
    {
        var rng = new Random(seed);
        Tensor RandomBits(Shape shape, DType dtype)
        {
            var bytes = new byte[shape.Size * dtype.SizeInBytes()];
            rng.NextBytes(bytes);
            if (dtype == DType.Bool)
            {
                for (int i = 0; i < bytes.Length; i++)
                {
                    bytes[i] &= 1;
                }
            }
            return Tensor.FromBytes(bytes, shape, dtype);
        }
        return new Dictionary<string, Tensor>(StringComparer.Ordinal)
        {
            ["model/dense/kernel/.ATTRIBUTES/VARIABLE_VALUE"] = RandomBits(new Shape(7, 5), DType.Float32),
            ["model/dense/bias/.ATTRIBUTES/VARIABLE_VALUE"] = RandomBits(new Shape(5), DType.Float32),
            ["f64"] = RandomBits(new Shape(3, 2, 2), DType.Float64),
            ["i32"] = RandomBits(new Shape(9), DType.Int32),
            ["i64"] = RandomBits(Shape.Scalar, DType.Int64),
            ["u8"] = RandomBits(new Shape(2, 17), DType.UInt8),
            ["flags"] = RandomBits(new Shape(11), DType.Bool),
            ["half"] = RandomBits(new Shape(4, 4), DType.Float16),
            ["bf16"] = RandomBits(new Shape(6), DType.BFloat16),
            ["empty"] = Tensor.Zeros(new Shape(0, 3), DType.Float32),
            ["scalar"] = Tensor.Constant(-0.0f),
        };
    }

    internal static readonly byte[][] Strings = [Encoding.UTF8.GetBytes("hello"), [], Encoding.UTF8.GetBytes("checkpoint strings"), [0, 1, 2, 255]];

    internal static void WriteEveryDType(string prefix, int seed)
    {
        using var writer = new BundleWriter(prefix);
        foreach (var (key, t) in EveryDType(seed))
        {
            writer.Add(key, t);
        }
        writer.AddStrings("strings", Strings);
        writer.AddStrings("string_matrix", Strings, new Shape(2, 2));
        writer.Finish();
    }

    [Fact]
    public void ReadTensor_EveryDTypeWritten_ReadsBackBitExact()
    {
        using var tmp = new ScratchDir();
        string prefix = tmp.File("sub/dir/ckpt-1");
        WriteEveryDType(prefix, seed: 1);

        Assert.True(File.Exists(prefix + ".index"));
        Assert.True(File.Exists(prefix + ".data-00000-of-00001"));
        Assert.Equal(2, Directory.GetFiles(Path.GetDirectoryName(prefix)!).Length); // no temporary files left
        var reader = BundleReader.Open(prefix);
        var expected = EveryDType(seed: 1);
        Assert.Equal(expected.Keys.Concat(["strings", "string_matrix"]).Order(StringComparer.Ordinal), reader.Keys);
        foreach (var (key, t) in expected)
        {
            TensorAssert.BitEqual(t, reader.ReadTensor(key), key);
            Assert.Equal(TfDataTypes.FromDType(t.DType), reader.GetEntry(key).DataType);
        }
        Assert.Equal(Strings, reader.ReadStrings("strings"));
        Assert.Equal(new Shape(4), reader.GetEntry("strings").Shape);
        Assert.Equal(Strings, reader.ReadStrings("string_matrix"));
        Assert.Equal(new Shape(2, 2), reader.GetEntry("string_matrix").Shape);
        Assert.Equal(1, reader.Header.NumShards);
        Assert.Equal(1, reader.Header.Version.Producer);
    }

    [Fact]
    public void ReadInto_VariableStorage_FillsBytesAndChecksSize()
    {
        using var tmp = new ScratchDir();
        string prefix = tmp.File("ckpt");
        WriteEveryDType(prefix, seed: 2);
        var reader = BundleReader.Open(prefix);
        var target = new Variable(Tensor.Zeros(new Shape(7, 5)));
        reader.ReadInto("model/dense/kernel/.ATTRIBUTES/VARIABLE_VALUE", target.BytesView());
        TensorAssert.BitEqual(EveryDType(2)["model/dense/kernel/.ATTRIBUTES/VARIABLE_VALUE"], target.Value());

        var ex = Assert.Throws<ArgumentException>(() => reader.ReadInto("model/dense/bias/.ATTRIBUTES/VARIABLE_VALUE", target.BytesView()));
        Assert.Contains("model/dense/bias", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckpointReader_WrittenBundle_ListsSortedVariablesAndNoObjectGraph()
    {
        using var tmp = new ScratchDir();
        string prefix = tmp.File("ckpt");
        WriteEveryDType(prefix, seed: 3);
        var reader = CheckpointReader.Open(prefix);
        var vars = reader.ListVariables();
        Assert.Equal(EveryDType(3).Keys.Order(StringComparer.Ordinal), vars.Select(v => v.Key));
        Assert.Equal(new VariableInfo("half", new Shape(4, 4), DType.Float16), vars.Single(v => v.Key == "half"));
        Assert.Null(reader.ObjectGraph);
    }

    [Fact]
    public void CheckpointReader_WrittenObjectGraph_ParsesBack()
    {
        using var tmp = new ScratchDir();
        string prefix = tmp.File("ckpt");
        var graph = new TrackableObjectGraph();
        graph.Nodes.Add(new TrackableObjectGraph.Types.TrackableObject { Children = { new TrackableObjectGraph.Types.TrackableObject.Types.ObjectReference { NodeId = 1, LocalName = "v" } } });
        graph.Nodes.Add(new TrackableObjectGraph.Types.TrackableObject
        {
            Attributes = { new TrackableObjectGraph.Types.TrackableObject.Types.SerializedTensor { Name = "VARIABLE_VALUE", FullName = "v", CheckpointKey = "v/.ATTRIBUTES/VARIABLE_VALUE" } },
        });
        using (var writer = new BundleWriter(prefix))
        {
            writer.Add("v/.ATTRIBUTES/VARIABLE_VALUE", Tensor.Constant(3f));
            writer.AddStrings(BundleNames.ObjectGraphKey, [graph.ToByteArray()]);
            writer.Finish();
        }
        var reader = CheckpointReader.Open(prefix);
        Assert.Equal(graph, reader.ObjectGraph);
        Assert.Equal(["v/.ATTRIBUTES/VARIABLE_VALUE"], reader.ListVariables().Select(v => v.Key));
    }

    [Fact]
    public void Finish_OverExistingPrefix_ReplacesBothFiles()
    {
        using var tmp = new ScratchDir();
        string prefix = tmp.File("ckpt");
        WriteEveryDType(prefix, seed: 4);
        WriteEveryDType(prefix, seed: 5);
        TensorAssert.BitEqual(EveryDType(5)["f64"], BundleReader.Open(prefix).ReadTensor("f64"));
        Assert.Equal(2, Directory.GetFiles(tmp.Path).Length);
    }

    [Fact]
    public void Add_DuplicateOrEmptyKeyOrAfterFinish_Throws()
    {
        using var tmp = new ScratchDir();
        using var writer = new BundleWriter(tmp.File("ckpt"));
        writer.Add("a", Tensor.Constant(1f));
        Assert.Contains("'a'", Assert.Throws<ArgumentException>(() => writer.Add("a", Tensor.Constant(2f))).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => writer.Add("", Tensor.Constant(2f)));
        writer.Finish();
        Assert.Throws<InvalidOperationException>(() => writer.Add("b", Tensor.Constant(2f)));
    }

    [Fact]
    public void Dispose_WithoutFinish_LeavesNoFiles()
    {
        using var tmp = new ScratchDir();
        using (var writer = new BundleWriter(tmp.File("ckpt")))
        {
            writer.Add("a", Tensor.Constant(1f));
        }
        Assert.Empty(Directory.GetFiles(tmp.Path));
    }

    [Fact]
    public void Finish_ManyKeys_IndexSpansSeveralBlocks()
    {
        using var tmp = new ScratchDir();
        string prefix = tmp.File("ckpt");
        using (var writer = new BundleWriter(prefix))
        {
            for (int i = 0; i < 500; i++)
            {
                writer.Add($"model/layer_with_weights-{i}/kernel/.ATTRIBUTES/VARIABLE_VALUE", Tensor.Fill(new Shape(2), i));
            }
            writer.Finish();
        }
        Assert.True(new FileInfo(prefix + ".index").Length > 3 * TableConstants.TargetBlockSize);
        var reader = BundleReader.Open(prefix);
        Assert.Equal(500, reader.Keys.Count);
        Assert.Equal(321f, reader.ReadTensor("model/layer_with_weights-321/kernel/.ATTRIBUTES/VARIABLE_VALUE").ToArray<float>()[1]);
    }

    [Fact]
    public void ReadTensor_TwoShardBundle_ReadsFromEachShard()
    {
        using var tmp = new ScratchDir();
        string prefix = tmp.File("sharded");
        Tensor a = Tensor.Constant(new[] { 1f, 2f, 3f });
        Tensor b = Tensor.Constant(new long[] { 7, 8 });
        File.WriteAllBytes(prefix + ".data-00000-of-00002", [9, 9, .. a.ToBytes()]);
        File.WriteAllBytes(prefix + ".data-00001-of-00002", b.ToBytes());
        using (var index = File.Create(prefix + ".index"))
        {
            var table = new TableWriter(index);
            table.Add([], new BundleHeaderProto { NumShards = 2, Version = new VersionDef { Producer = 1 } }.ToByteArray());
            table.Add("a"u8, Entry(DataType.DtFloat, [3], shard: 0, offset: 2, a.ToBytes()).ToByteArray());
            table.Add("b"u8, Entry(DataType.DtInt64, [2], shard: 1, offset: 0, b.ToBytes()).ToByteArray());
            table.Finish();
        }
        var reader = BundleReader.Open(prefix);
        TensorAssert.BitEqual(a, reader.ReadTensor("a"));
        TensorAssert.BitEqual(b, reader.ReadTensor("b"));
    }

    internal static BundleEntryProto Entry(DataType dtype, long[] dims, int shard, long offset, byte[] bytes)
    {
        var shape = new TensorShapeProto();
        foreach (long d in dims)
        {
            shape.Dim.Add(new TensorShapeProto.Types.Dim { Size = d });
        }
        return new BundleEntryProto { Dtype = dtype, Shape = shape, ShardId = shard, Offset = offset, Size = bytes.Length, Crc32C = Crc32C.Mask(Crc32C.Compute(bytes)) };
    }
}
