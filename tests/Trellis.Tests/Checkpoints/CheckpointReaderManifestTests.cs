using Trellis.Checkpoints;
using Trellis.Tests.TestSupport;

namespace Trellis.Tests.Checkpoints;

/// <summary>The values fixtures/MANIFEST.md states for each TensorFlow checkpoint, read through the public API.</summary>
public class CheckpointReaderManifestTests
{
    private const string Value = "/.ATTRIBUTES/VARIABLE_VALUE";

    private static CheckpointReader Open(string relative) => CheckpointReader.Open(CheckpointReaderFixtureTests.Dir(relative));

    public static TheoryData<string, string, float> ScalarFloats => new()
    {
        { "tensorflow_serving/saved_model_half_plus_two_cpu/00000123", "a", 0.5f },
        { "tensorflow_serving/saved_model_half_plus_two_cpu/00000123", "a2", 0.5f },
        { "tensorflow_serving/saved_model_half_plus_two_cpu/00000123", "b", 2f },
        { "tensorflow_serving/saved_model_half_plus_two_cpu/00000123", "c", 3f },
        { "tensorflow_serving/saved_model_half_plus_two_cpu/00000123", "c2", 3f },
        { "tensorflow_serving/saved_model_half_plus_two_tf2_cpu/00000123", "a" + Value, 0.5f },
        { "tensorflow_serving/saved_model_half_plus_two_tf2_cpu/00000123", "b" + Value, 2f },
        { "tensorflow_serving/saved_model_half_plus_two_tf2_cpu/00000123", "c" + Value, 3f },
        { "tensorflow_serving/saved_model_half_plus_three/00000123", "a", 0.5f },
        { "tensorflow_serving/saved_model_half_plus_three/00000123", "b", 3f },
        { "tensorflow_serving/saved_model_half_plus_three/00000123", "c", 3f },
        { "tensorflow_serving/saved_model_half_plus_two_mkl/00000123", "a", 0.5f },
        { "tensorflow_serving/saved_model_half_plus_two_mkl/00000123", "b", 2f },
        { "tensorflow_serving/saved_model_half_plus_two_mkl/00000123", "c", 3f },
        { "tensorflow_serving/saved_model_counter/00000123", "counter", 0f },
        { "tensorflow_net/simple_model_from_auto_compile", "keras_api/metrics/0/count" + Value, 60000f },
        { "tensorflow_net/simple_model_from_auto_compile", "keras_api/metrics/1/count" + Value, 60000f },
        { "tensorflow_net/simple_model_from_auto_compile", "keras_api/metrics/0/total" + Value, 17971.595703125f },
        { "tensorflow_net/simple_model_from_auto_compile", "keras_api/metrics/1/total" + Value, 54911f },
        { "tensorflow_net/python_func_model", "optimizer/_learning_rate" + Value, 0.001f },
        { "tfjs_node_saved_models/times_three_float", "v" + Value, 3f },
        { "tfjs_node_saved_models/module_with_multiple_signatures", "v" + Value, 3f },
        { "tfjs_node_saved_models/module_with_multiple_signatures", "two" + Value, 2f },
        { "tfjs_node_saved_models/model_single_input_multi_output", "v" + Value, 3f },
        { "tfjs_node_saved_models/model_multi_output", "v" + Value, 3f },
    };

    [Theory]
    [MemberData(nameof(ScalarFloats))]
    public void GetTensor_ManifestScalarFloat_HasStatedValue(string dir, string key, float expected)
    {
        Tensor t = Open(dir).GetTensor(key);
        Assert.Equal(DType.Float32, t.DType);
        Assert.Equal(Shape.Scalar, t.Shape);
        Assert.Equal(expected, t.Item<float>());
    }

    public static TheoryData<string, string, DType, long> ScalarIntegers => new()
    {
        { "tfjs_node_saved_models/times_two_int", "v" + Value, DType.Int32, 2 },
        { "tfjs_node_saved_models/model_single_input_multi_output", "two" + Value, DType.Int32, 2 },
        { "tfjs_node_saved_models/model_multi_output", "two" + Value, DType.Int32, 2 },
        { "tfjs_node_saved_models/int64_multiply", "v1" + Value, DType.Int64, 3 },
        { "tfjs_node_saved_models/int64_multiply", "v2" + Value, DType.Int64, 2 },
        { "tfjs_node_saved_models/uint8_multiply", "v1" + Value, DType.Int32, 3 },
        { "tfjs_node_saved_models/uint8_multiply", "v2" + Value, DType.Int32, 2 },
        { "tensorflow_net/python_func_model", "optimizer/_iterations" + Value, DType.Int64, 0 },
        { "tensorflow_net/lstm_from_sequential", "optimizer/_iterations" + Value, DType.Int64, 10 },
    };

    [Theory]
    [MemberData(nameof(ScalarIntegers))]
    public void GetTensor_ManifestScalarInteger_HasStatedDTypeAndValue(string dir, string key, DType dtype, long expected)
    {
        Tensor t = Open(dir).GetTensor(key);
        Assert.Equal(dtype, t.DType);
        Assert.Equal(Shape.Scalar, t.Shape);
        Assert.Equal(expected, (long)t.GetAsDouble(0));
    }

    [Fact]
    public void GetTensor_MklConvKernels_HaveStatedValues()
    {
        var reader = Open("tensorflow_serving/saved_model_half_plus_two_mkl/00000123");
        var expected = new[] { ("conv2d", -0.5223960f), ("conv2d_1", -1.0451120f), ("conv2d_2", 1.5779432f) };
        foreach (var (name, value) in expected)
        {
            Tensor kernel = reader.GetTensor(name + "/kernel");
            Assert.Equal(new Shape(1, 1, 1, 1), kernel.Shape);
            Assert.Equal(value, kernel.ToArray<float>()[0], 6);
            Tensor bias = reader.GetTensor(name + "/bias");
            Assert.Equal(new Shape(1), bias.Shape);
            Assert.Equal(0f, bias.ToArray<float>()[0]);
        }
        Assert.Null(reader.ObjectGraph);
    }

    [Fact]
    public void GetTensor_SimpleModelFromAutoCompile_EqualsNpyFilesBitExact()
    {
        string dir = CheckpointReaderFixtureTests.Dir("tensorflow_net/simple_model_from_auto_compile");
        var reader = CheckpointReader.Open(dir);
        TensorAssert.BitEqual(Npy.Read(Path.Combine(dir, "kernel1.npy")), reader.GetTensor("layer_with_weights-1/kernel" + Value), "kernel1");
        TensorAssert.BitEqual(Npy.Read(Path.Combine(dir, "bias0.npy")), reader.GetTensor("layer_with_weights-0/bias" + Value), "bias0");
        var shapes = reader.ListVariables().Where(v => v.Key.StartsWith("layer_with_weights", StringComparison.Ordinal))
            .ToDictionary(v => v.Key, v => v.Shape);
        Assert.Equal(new Shape(784, 100), shapes["layer_with_weights-0/kernel" + Value]);
        Assert.Equal(new Shape(100), shapes["layer_with_weights-0/bias" + Value]);
        Assert.Equal(new Shape(100, 10), shapes["layer_with_weights-1/kernel" + Value]);
        Assert.Equal(new Shape(10), shapes["layer_with_weights-1/bias" + Value]);
    }

    [Fact]
    public void ObjectGraph_PythonFuncModel_TracksMatrixUnderTwoNames()
    {
        var reader = Open("tensorflow_net/python_func_model");
        var graph = reader.ObjectGraph!;
        var layer = graph.Nodes[graph.Nodes[0].Children.Single(c => c.LocalName == "layer_with_weights-0").NodeId];
        int matrix = layer.Children.Single(c => c.LocalName == "matrix").NodeId;
        Assert.Equal(matrix, layer.Children.Single(c => c.LocalName == "owned_weight").NodeId);
        Assert.Equal("layer_with_weights-0/matrix" + Value, graph.Nodes[matrix].Attributes.Single().CheckpointKey);
        Assert.Equal(new Shape(784, 10), reader.GetTensor("layer_with_weights-0/matrix" + Value).Shape);
    }

    [Fact]
    public void ListVariables_LstmFromSequential_HasLstmDenseAndAdamListState()
    {
        var vars = Open("tensorflow_net/lstm_from_sequential").ListVariables().ToDictionary(v => v.Key, v => v.Shape);
        Assert.Equal(new Shape(3, 128), vars["variables/0" + Value]);
        Assert.Equal(new Shape(32, 128), vars["variables/1" + Value]);
        Assert.Equal(new Shape(128), vars["variables/2" + Value]);
        Assert.Equal(new Shape(32, 1), vars["layer_with_weights-1/kernel" + Value]);
        Assert.Equal(new Shape(1), vars["layer_with_weights-1/bias" + Value]);
        for (int i = 1; i <= 10; i++)
        {
            Assert.True(vars.ContainsKey($"optimizer/_variables/{i}{Value}"), $"optimizer/_variables/{i}");
        }
    }

    [Fact]
    public void ObjectGraph_HalfPlusTwoTf2_Has24NodesAndStatedRootChildren()
    {
        var graph = Open("tensorflow_serving/saved_model_half_plus_two_tf2_cpu/00000123").ObjectGraph!;
        Assert.Equal(24, graph.Nodes.Count);
        var names = graph.Nodes[0].Children.Select(c => c.LocalName).ToList();
        Assert.Equal(["a", "b", "c", "asset"], names.Take(4));
        Assert.Equal("signatures", names[^1]);
        Assert.Equal(11, names.Count); // a, b, c, asset, 6 tf.functions, signatures
    }

    [Fact]
    public void Open_TfTextRegression_OnlyObjectGraphWith30NodesAndNoVariables()
    {
        var reader = Open("tensorflow_serving/tf_text_regression/01");
        Assert.Empty(reader.ListVariables());
        Assert.Equal(["_CHECKPOINTABLE_OBJECT_GRAPH"], reader.Bundle.Keys);
        var graph = reader.ObjectGraph!;
        Assert.Equal(30, graph.Nodes.Count);
        Assert.Contains(graph.Nodes.SelectMany(n => n.Children), c => c.LocalName == "wp_vocab_table");
    }

    [Fact]
    public void Open_PrefixIndexPathAndDirectory_AllFindSameCheckpoint()
    {
        string dir = CheckpointReaderFixtureTests.Dir("tfjs_node_saved_models/int64_multiply");
        string prefix = Path.Combine(dir, "variables", "variables");
        foreach (string path in new[] { dir, Path.Combine(dir, "variables"), prefix, prefix + ".index", prefix + ".data-00000-of-00001" })
        {
            var reader = CheckpointReader.Open(path);
            Assert.Equal(Path.GetFullPath(prefix), Path.GetFullPath(reader.Prefix));
            Assert.Equal(3L, reader.GetTensor("v1" + Value).Item<long>());
        }
    }

    [Fact]
    public void GetTensor_UnknownKey_NamesKeyAndSuggestsSimilar()
    {
        var reader = Open("tfjs_node_saved_models/int64_multiply");
        var ex = Assert.Throws<KeyNotFoundException>(() => reader.GetTensor("v1"));
        Assert.Contains("'v1'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("v1" + Value, ex.Message, StringComparison.Ordinal);
        Assert.False(reader.HasTensor("v1"));
        Assert.True(reader.HasTensor("v1" + Value));
    }

    [Fact]
    public void GetTensor_StringObjectGraphKey_SaysUseStrings()
    {
        var reader = Open("tfjs_node_saved_models/int64_multiply");
        var ex = Assert.Throws<TrellisFormatException>(() => reader.GetTensor("_CHECKPOINTABLE_OBJECT_GRAPH"));
        Assert.Contains("string", ex.Message, StringComparison.Ordinal);
    }
}
