using System.Runtime.CompilerServices;
using System.Text.Json;
using Trellis.Layers;
using Trellis.Tests.TestSupport;

namespace Trellis.Tests.Layers;

/// <summary>
/// Conv2DTranspose against PyTorch's conv_transpose2d (golden file from tools/reference/conv2d_transpose.py):
/// forward and gradients for input, kernel and bias. Layouts: NCHW -> NHWC by perm (0, 2, 3, 1); PyTorch's weight
/// (in, out, kh, kw) -> Keras's (kh, kw, out, in) by perm (2, 3, 1, 0). PyTorch pads symmetrically and puts
/// output_padding at the bottom/right, which the explicit-pads overload expresses directly.
/// </summary>
public class Conv2DTransposeGoldenTests
{
    public static TheoryData<int> Cases => [0, 1, 2];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Conv2DTranspose_MatchesPyTorch_ForwardAndGradients(int index)
    {
        var c = Load().GetProperty("cases")[index];
        int stride = c.GetProperty("stride").GetInt32(), pad = c.GetProperty("padding").GetInt32();
        int outPad = c.GetProperty("output_padding").GetInt32(), dilation = c.GetProperty("dilation").GetInt32();
        Tensor x = Ops.Transpose(Array(c, "x", "x_shape"), [0, 2, 3, 1]);
        Tensor w = Ops.Transpose(Array(c, "w", "w_shape"), [2, 3, 1, 0]);
        Tensor b = Tensor.Constant(Values(c, "b"));
        Tensor r = Ops.Transpose(Array(c, "r", "y_shape"), [0, 2, 3, 1]);

        Tensor?[] grads;
        Tensor y;
        using (var tape = new GradientTape())
        {
            tape.Watch(x, w, b);
            y = Ops.Conv2DTranspose(x, w, (pad, pad, pad, pad), [stride, stride], [dilation, dilation], [outPad, outPad]) + b;
            grads = tape.Gradient(Ops.Sum(y * r), [x, w, b], UnconnectedGradients.None);
        }

        TensorAssert.Close(Ops.Transpose(Array(c, "y", "y_shape"), [0, 2, 3, 1]), y, rtol: 1e-5, atol: 1e-10);
        TensorAssert.Close(Ops.Transpose(Array(c, "dx", "x_shape"), [0, 2, 3, 1]), grads[0]!, rtol: 1e-5, atol: 1e-10);
        TensorAssert.Close(Ops.Transpose(Array(c, "dw", "w_shape"), [2, 3, 1, 0]), grads[1]!, rtol: 1e-5, atol: 1e-10);
        TensorAssert.Close(Tensor.Constant(Values(c, "db")), grads[2]!, rtol: 1e-5, atol: 1e-10);
    }

    [Fact]
    public void Conv2DTransposeLayer_ValidPadding_MatchesPyTorch()
    {
        var c = Load().GetProperty("cases")[1]; // stride 1, padding 0: the layer's "valid"
        Tensor x = Ops.Cast(Ops.Transpose(Array(c, "x", "x_shape"), [0, 2, 3, 1]), DType.Float32);
        var layer = new Conv2DTranspose(4, [3, 3], padding: "valid");
        layer.Apply(x);
        layer.Variables[0].Assign(Ops.Cast(Ops.Transpose(Array(c, "w", "w_shape"), [2, 3, 1, 0]), DType.Float32));
        layer.Variables[1].Assign(Ops.Cast(Tensor.Constant(Values(c, "b")), DType.Float32));
        Tensor expected = Ops.Cast(Ops.Transpose(Array(c, "y", "y_shape"), [0, 2, 3, 1]), DType.Float32);
        TensorAssert.Close(expected, layer.Apply(x), rtol: 1e-5, atol: 1e-5);
    }

    private static Tensor Array(JsonElement c, string values, string shape) =>
        Tensor.Constant(Values(c, values), new Shape(c.GetProperty(shape).EnumerateArray().Select(d => d.GetInt32()).ToArray()));

    private static double[] Values(JsonElement c, string name) => c.GetProperty(name).EnumerateArray().Select(v => v.GetDouble()).ToArray();

    private static JsonElement Load([CallerFilePath] string here = "") =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(Path.GetDirectoryName(here)!, "TestData", "conv2d_transpose.json"))).RootElement;
}
