namespace Trellis.Tests.Fixtures;

// Inside the namespace so that `Fixtures` names the helper class, not this test folder's namespace.
using Trellis.Tests.Fixtures.Onnx;
using Trellis.Tests.TestSupport;

/// <summary>
/// Runs single-op ONNX backend test cases (onnx/onnx, onnx/backend/test/data/node, see ../shared/fixtures/MANIFEST.md
/// section 3c) through Trellis ops: inputs from input_N.pb, expected result from output_0.pb. Attributes are those in
/// _decoded/onnx_models_summary.txt, written here by hand.
/// </summary>
public class OnnxBackendNodeTests
{
    // The expected outputs are float32 values computed by NumPy (float64 math in places, e.g. gelu's erf); 1e-5
    // absolute and relative covers float32 rounding of values up to ~10 without hiding a wrong formula.
    private const double Tolerance = 1e-5;

    /// <summary>Loads node/test_{name}: its inputs in order and its expected first output.</summary>
    private static (Tensor[] Inputs, Tensor Expected) Load(string name)
    {
        string dir = TestSupport.Fixtures.Path("onnx_backend", "node", "test_" + name, "test_data_set_0");
        var inputs = new List<Tensor>();
        for (int i = 0; File.Exists(System.IO.Path.Combine(dir, $"input_{i}.pb")); i++)
        {
            inputs.Add(OnnxTensorFile.Read(System.IO.Path.Combine(dir, $"input_{i}.pb")));
        }
        Assert.NotEmpty(inputs);
        return ([.. inputs], OnnxTensorFile.Read(System.IO.Path.Combine(dir, "output_0.pb")));
    }

    private static void Check(string name, Func<Tensor[], Tensor> run)
    {
        var (inputs, expected) = Load(name);
        Tensor actual = run(inputs);
        TensorAssert.Close(expected, actual, rtol: Tolerance, atol: Tolerance, context: "onnx node/test_" + name);
    }

    [Fact]
    public void Add_Broadcast_MatchesOnnx() => Check("add_bcast", x => Ops.Add(x[0], x[1]));

    [Fact]
    public void Relu_MatchesOnnx() => Check("relu", x => Ops.Relu(x[0]));

    [Fact]
    public void Sigmoid_Example_MatchesOnnx() => Check("sigmoid_example", x => Ops.Sigmoid(x[0]));

    [Fact]
    public void Tanh_Example_MatchesOnnx() => Check("tanh_example", x => Ops.Tanh(x[0]));

    [Fact]
    public void Elu_Alpha2_MatchesOnnx() => Check("elu_example", x => Ops.Elu(x[0], alpha: 2.0));

    // COMPAT: ONNX stores alpha as float32, so 0.1 arrives as 0.10000000149011612.
    [Fact]
    public void LeakyRelu_Alpha01_MatchesOnnx() => Check("leakyrelu_example", x => Ops.LeakyRelu(x[0], alpha: 0.1f));

    [Fact]
    public void Gelu_Default_IsExactErfForm() => Check("gelu_default_1", x => Ops.Gelu(x[0], approximate: false));

    [Fact]
    public void Softmax_Example_MatchesOnnx() => Check("softmax_example", x => Ops.Softmax(x[0]));

    // Opset 13 semantics: softmax along axis 1 alone (not the flattened axes 1.. of opset < 13).
    [Fact]
    public void Softmax_Axis1_MatchesOnnx() => Check("softmax_axis_1", x => Ops.Softmax(x[0], axis: 1));

    [Fact]
    public void LogSoftmax_Example_MatchesOnnx() => Check("logsoftmax_example_1", x => Ops.LogSoftmax(x[0]));

    // Flatten(axis=1) of (2, 3, 4, 5) is a reshape to (2, 3·4·5).
    [Fact]
    public void Flatten_Axis1_MatchesOnnx() => Check("flatten_axis1", x => Ops.Reshape(x[0], [x[0].Shape[0], -1]));

    // The axes input is an empty int64 tensor: with noop_with_empty_axes = 0 that means "reduce every axis".
    [Fact]
    public void ReduceMean_EmptyAxesKeepDims_MatchesOnnx() => Check("reduce_mean_default_axes_keepdims_example", x =>
    {
        long[] axes = x[1].ToArray<long>();
        return Ops.Mean(x[0], axes.Length == 0 ? null : [.. axes.Select(a => (int)a)], keepDims: true);
    });

    [Fact]
    public void ReadTensor_FloatDataField_ReadsTypedValues()
    {
        // The fixture files use raw_data; this covers the typed-field branch of the reader with a made-up proto.
        var proto = new TensorProto { DataType = 1, Name = "t" };
        proto.Dims.AddRange([2, 2]);
        proto.FloatData.AddRange([1f, 2f, 3f, 4f]);
        string path = System.IO.Path.GetTempFileName();
        try
        {
            File.WriteAllBytes(path, Google.Protobuf.MessageExtensions.ToByteArray(proto));
            Tensor t = OnnxTensorFile.Read(path);
            Assert.Equal(new Shape([2, 2]), t.Shape);
            Assert.Equal(new[] { 1f, 2f, 3f, 4f }, t.ToArray<float>());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void ReadTensor_SoftmaxExampleInput_IsMinusOneZeroOne()
    {
        var (inputs, expected) = Load("softmax_example");
        Assert.Equal(new Shape([1, 3]), inputs[0].Shape);
        Assert.Equal(new[] { -1f, 0f, 1f }, inputs[0].ToArray<float>());
        Assert.Equal(0.09003057f, expected.ToArray<float>()[0], 6);
    }
}
