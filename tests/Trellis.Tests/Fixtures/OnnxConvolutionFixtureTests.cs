namespace Trellis.Tests.Fixtures;

using Trellis.Layers;
using Trellis.Tests.TestSupport;

/// <summary>
/// ONNX backend node tests and PyTorch-converted tests (../shared/fixtures/onnx_backend, MANIFEST section 3c) for
/// convolution and pooling, run through the Trellis layers with the fixture's weights.
/// </summary>
/// <remarks>
/// Layout conversions: ONNX and PyTorch tensors are NCHW; the layers run channels_last, so inputs are transposed
/// with perm (0, 2, 3, 1) and outputs back with (0, 3, 1, 2) — or the layer is built with channels_first, which does
/// the same internally. Conv weights are OIHW and become Keras's HWIO with perm (2, 3, 1, 0). ConvTranspose weights are
/// (C_in, C_out, KH, KW) and become Keras's Conv2DTranspose layout (KH, KW, C_out, C_in) with the same perm.
/// Attributes (strides, pads, kernel_shape) are read from model.onnx.
/// </remarks>
public class OnnxConvolutionFixtureTests
{
    private const double Tolerance = 1e-5;

    private static (Tensor Input, Tensor Expected, OnnxModelFile Model) Load(string suite, string name)
    {
        string dir = TestSupport.Fixtures.Path("onnx_backend", suite, "test_" + name);
        string data = System.IO.Path.Combine(dir, "test_data_set_0");
        return (OnnxTensorFile.Read(System.IO.Path.Combine(data, "input_0.pb")), OnnxTensorFile.Read(System.IO.Path.Combine(data, "output_0.pb")),
            OnnxModelFile.Read(System.IO.Path.Combine(dir, "model.onnx")));
    }

    private static Tensor InputTensor(string suite, string name, int index)
        => OnnxTensorFile.Read(TestSupport.Fixtures.Path("onnx_backend", suite, "test_" + name, "test_data_set_0", $"input_{index}.pb"));

    private static Tensor ToNhwc(Tensor nchw) => Ops.Transpose(nchw, [0, 2, 3, 1]);

    private static Tensor ToNchw(Tensor nhwc) => Ops.Transpose(nhwc, [0, 3, 1, 2]);

    private static Tensor OihwToHwio(Tensor w) => Ops.Transpose(w, [2, 3, 1, 0]);

    private static void Build(Layer layer, Tensor nhwcInput) => layer.EnsureBuilt(nhwcInput.Shape);

    [Theory]
    [InlineData("conv_with_strides_padding")] // pads 1 on every side, strides 2: "same" gives the same pads for 7x5 and 3x3
    [InlineData("conv_with_autopad_same")] // SAME_LOWER; with an even total pad (5x5, stride 2) it equals Keras's "same"
    public void Conv2D_OnnxNode_MatchesOutput(string name)
    {
        var (x, expected, model) = Load("node", name);
        Tensor w = InputTensor("node", name, 1);
        var strides = model.IntsOr("strides", [1, 1]);
        var layer = new Conv2D(w.Shape[0], [w.Shape[2], w.Shape[3]], strides, "same", useBias: false);
        Tensor input = ToNhwc(x);
        Build(layer, input);
        layer.Kernel!.Assign(OihwToHwio(w));
        TensorAssert.Close(expected, ToNchw(layer.Apply(input)), Tolerance, Tolerance, name);

        // The explicit-pads op agrees when ONNX lists pads (pads are begin_h, begin_w, end_h, end_w).
        int[] p = model.IntsOr("pads", [1, 1, 1, 1]);
        Tensor direct = Ops.Conv2D(input, OihwToHwio(w), (p[0], p[2], p[1], p[3]), strides);
        TensorAssert.Close(expected, ToNchw(direct), Tolerance, Tolerance, name + " (ops)");
    }

    [Fact]
    public void Conv2DTranspose_OnnxNode_MatchesOutputWithChannelsFirst()
    {
        var (x, expected, _) = Load("node", "convtranspose");
        Tensor w = InputTensor("node", "convtranspose", 1); // (C_in 1, C_out 2, 3, 3)
        var layer = new Conv2DTranspose(w.Shape[1], [3, 3], dataFormat: "channels_first", useBias: false);
        layer.EnsureBuilt(x.Shape);
        layer.Kernel!.Assign(Ops.Transpose(w, [2, 3, 1, 0]));
        TensorAssert.Close(expected, layer.Apply(x), Tolerance, Tolerance, "convtranspose");
    }

    [Fact]
    public void MaxPooling2D_OnnxNode_MatchesOutput()
    {
        var (x, expected, model) = Load("node", "maxpool_2d_default");
        Assert.Equal([2L, 2L], model.Ints("kernel_shape"));
        var layer = new MaxPooling2D([2, 2], strides: [1, 1], dataFormat: "channels_first"); // ONNX's default stride is 1
        TensorAssert.Close(expected, layer.Apply(x), Tolerance, Tolerance, "maxpool_2d_default");
    }

    [Fact]
    public void AveragePooling2D_OnnxNode_MatchesOutput()
    {
        var (x, expected, _) = Load("node", "averagepool_2d_default");
        var layer = new AveragePooling2D([2, 2], strides: [1, 1]);
        TensorAssert.Close(expected, ToNchw(layer.Apply(ToNhwc(x))), Tolerance, Tolerance, "averagepool_2d_default");
    }

    [Fact]
    public void GlobalAveragePooling2D_OnnxNode_MatchesOutput()
    {
        var (x, expected, _) = Load("node", "globalaveragepool");
        var layer = new GlobalAveragePooling2D(dataFormat: "channels_first", keepDims: true);
        TensorAssert.Close(expected, layer.Apply(x), Tolerance, Tolerance, "globalaveragepool");
    }

    [Theory]
    [InlineData("Conv2d")]
    [InlineData("Conv2d_strided")]
    public void Conv2D_PyTorchConverted_MatchesOutput(string name)
    {
        var (x, expected, model) = Load("pytorch-converted", name);
        Tensor w = model.Input(1), b = model.Input(2);
        Assert.Equal([0L, 0L, 0L, 0L], model.Ints("pads"));
        var layer = new Conv2D(w.Shape[0], [.. model.Ints("kernel_shape").Select(v => (int)v)], model.IntsOr("strides", [1, 1]));
        Tensor input = ToNhwc(x);
        Build(layer, input);
        layer.Kernel!.Assign(OihwToHwio(w));
        layer.Bias!.Assign(b);
        TensorAssert.Close(expected, ToNchw(layer.Apply(input)), Tolerance, Tolerance, name);
    }

    [Fact]
    public void Conv2DTranspose_PyTorchConverted_MatchesOutput()
    {
        // COMPAT: PyTorch pads the transposed output symmetrically (here 1 on each side, then output_padding below),
        // while Keras's "same" puts the odd pad at the top for this size, so the layer's padding modes cannot express
        // it; the explicit-pads op can.
        var (x, expected, model) = Load("pytorch-converted", "ConvTranspose2d");
        Tensor w = model.Input(1), b = model.Input(2);
        int[] p = model.IntsOr("pads", [0, 0, 0, 0]);
        Tensor y = Ops.Conv2DTranspose(ToNhwc(x), Ops.Transpose(w, [2, 3, 1, 0]), (p[0], p[2], p[1], p[3]),
            model.IntsOr("strides", [1, 1]), model.IntsOr("dilations", [1, 1]), model.IntsOr("output_padding", [0, 0]));
        TensorAssert.Close(expected, ToNchw(y + b), Tolerance, Tolerance, "ConvTranspose2d");
    }

    [Fact]
    public void MaxPooling2D_PyTorchConverted_MatchesOutput()
    {
        // kernel 3, stride 2, pads 1 on 7x7: Keras's "same" pads (1, 1) as well, and padded positions never win.
        var (x, expected, model) = Load("pytorch-converted", "MaxPool2d");
        Assert.Equal([1L, 1L, 1L, 1L], model.Ints("pads"));
        var layer = new MaxPooling2D([3, 3], [2, 2], padding: "same");
        TensorAssert.Close(expected, ToNchw(layer.Apply(ToNhwc(x))), Tolerance, Tolerance, "MaxPool2d");
        Tensor direct = Ops.MaxPool2D(ToNhwc(x), [3, 3], (1, 1, 1, 1), [2, 2]);
        TensorAssert.Close(expected, ToNchw(direct), Tolerance, Tolerance, "MaxPool2d (ops)");
    }

    [Fact]
    public void AveragePooling2D_PyTorchConverted_MatchesOutput()
    {
        var (x, expected, model) = Load("pytorch-converted", "AvgPool2d");
        Assert.Equal([2L, 2L], model.Ints("strides"));
        var layer = new AveragePooling2D([2, 2]);
        TensorAssert.Close(expected, ToNchw(layer.Apply(ToNhwc(x))), Tolerance, Tolerance, "AvgPool2d");
    }

    [Fact]
    public void BatchNormalization_OnnxNode_MatchesOutputInInference()
    {
        // Inputs x (NCHW), scale, bias, mean, var; ONNX's default epsilon 1e-5. The layer normalizes axis 1 directly.
        var (x, expected, _) = Load("node", "batchnorm_example");
        var layer = new BatchNormalization(axis: 1, epsilon: 1e-5);
        layer.EnsureBuilt(x.Shape);
        for (int i = 0; i < 4; i++)
        {
            layer.Variables[i].Assign(InputTensor("node", "batchnorm_example", i + 1)); // gamma, beta, moving_mean, moving_variance
        }
        TensorAssert.Close(expected, layer.Apply(x, training: false), Tolerance, Tolerance, "batchnorm_example");
    }

    [Fact]
    public void BatchNormalization_PyTorchConvertedEval_MatchesOutput()
    {
        var (x, expected, model) = Load("pytorch-converted", "BatchNorm2d_eval");
        float epsilon = model.Node.Attribute.Single(a => a.Name == "epsilon").F;
        var layer = new BatchNormalization(axis: -1, epsilon: epsilon);
        Tensor input = ToNhwc(x);
        layer.EnsureBuilt(input.Shape);
        for (int i = 0; i < 4; i++)
        {
            layer.Variables[i].Assign(model.Input(i + 1)); // node inputs: X, scale, B, mean, var
        }
        TensorAssert.Close(expected, ToNchw(layer.Apply(input, training: false)), Tolerance, Tolerance, "BatchNorm2d_eval");
    }
}
