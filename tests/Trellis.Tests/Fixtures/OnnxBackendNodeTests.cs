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

    /// <summary>Loads {suite}/test_{name}: its inputs in order and its expected first output.</summary>
    private static (Tensor[] Inputs, Tensor Expected) Load(string name, string suite = "node")
    {
        string dir = TestSupport.Fixtures.Path("onnx_backend", suite, "test_" + name, "test_data_set_0");
        var inputs = new List<Tensor>();
        for (int i = 0; File.Exists(System.IO.Path.Combine(dir, $"input_{i}.pb")); i++)
        {
            inputs.Add(OnnxTensorFile.Read(System.IO.Path.Combine(dir, $"input_{i}.pb")));
        }
        Assert.NotEmpty(inputs);
        return ([.. inputs], OnnxTensorFile.Read(System.IO.Path.Combine(dir, "output_0.pb")));
    }

    private static void Check(string name, Func<Tensor[], Tensor> run, string suite = "node")
    {
        var (inputs, expected) = Load(name, suite);
        Tensor actual = run(inputs);
        TensorAssert.Close(expected, actual, rtol: Tolerance, atol: Tolerance, context: $"onnx {suite}/test_{name}");
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

    // PyTorch 0.3 exports (opset 6, axis=1 on a (10, 20) input: the same as the last axis for a matrix).
    [Fact]
    public void Softmax_PyTorchExport_MatchesOnnx() => Check("Softmax", x => Ops.Softmax(x[0], axis: 1), "pytorch-converted");

    [Fact]
    public void LogSoftmax_PyTorchExport_MatchesOnnx() => Check("LogSoftmax", x => Ops.LogSoftmax(x[0], axis: 1), "pytorch-converted");

    [Fact]
    public void LogSoftmax_Example_MatchesOnnx() => Check("logsoftmax_example_1", x => Ops.LogSoftmax(x[0]));

    [Fact]
    public void MatMul_2d_MatchesOnnx() => Check("matmul_2d", x => Ops.MatMul(x[0], x[1]));

    [Fact]
    public void MatMul_3dBatched_MatchesOnnx() => Check("matmul_3d", x => Ops.MatMul(x[0], x[1]));

    // Gemm: Y = alpha·op(A)·op(B) + beta·C, defaults alpha = beta = 1, no transposes; C is optional.
    [Fact]
    public void Gemm_DefaultNoBias_MatchesOnnx() => Check("gemm_default_no_bias", x => Ops.MatMul(x[0], x[1]));

    // alpha 0.25, beta 0.35 (stored as float32), transA = transB = 1, C of shape (1, 5) broadcast over rows.
    [Fact]
    public void Gemm_AllAttributes_MatchesOnnx() => Check("gemm_all_attributes", x =>
        Ops.MatMul(x[0], x[1], transposeA: true, transposeB: true) * (double)0.25f + x[2] * (double)0.35f);

    [Fact]
    public void Gemm_AllAttributesViaTranspose_MatchesOnnx() => Check("gemm_all_attributes", x =>
        Ops.MatMul(Ops.Transpose(x[0]), Ops.Transpose(x[1])) * (double)0.25f + x[2] * (double)0.35f);

    [Fact]
    public void Concat_2dAxis0_MatchesOnnx() => Check("concat_2d_axis_0", x => Ops.Concat([x[0], x[1]], axis: 0));

    // No perm attribute: reverse the axes, (2, 3, 4) -> (4, 3, 2).
    [Fact]
    public void Transpose_Default_ReversesAxes() => Check("transpose_default", x => Ops.Transpose(x[0]));

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
