using Trellis.Layers;
using Trellis.Tests.Fixtures;
using Trellis.Tests.TestSupport;

namespace Trellis.Tests.Layers.Recurrent;

/// <summary>
/// The ONNX backend node tests test_lstm_defaults and test_gru_defaults (../shared/fixtures/onnx_backend/node, MANIFEST.md
/// section 3c) run through Trellis's Keras-layout LSTM and GRU.
/// </summary>
/// <remarks>
/// Layout conversion, ONNX → Keras:
/// <list type="bullet">
/// <item>X is (seq, batch, input); Keras wants (batch, seq, input): transpose axes 0 and 1.</item>
/// <item>W is (directions, gates·hidden, input) and R (directions, gates·hidden, hidden): kernel = W[0]ᵀ,
/// recurrent_kernel = R[0]ᵀ, after reordering the gate blocks.</item>
/// <item>LSTM gate blocks are i, o, f, c in ONNX and i, f, c, o in Keras: Keras block k is ONNX block [0, 2, 3, 1][k].</item>
/// <item>GRU gate blocks are z, r, h in both. ONNX's default linear_before_reset = 0 applies the reset gate before the
/// recurrent product, which is Keras's reset_after = false (bias shape (3 units)).</item>
/// <item>No B input means zero biases; Keras's unit_forget_bias would start the forget bias at one, so the bias is
/// assigned zeros. The output Y_h (directions, batch, hidden) is the final h, Keras's (batch, units) output.</item>
/// </list>
/// </remarks>
public class OnnxRecurrentFixtureTests
{
    // float32 inputs and expected values computed by NumPy; 1e-5 is float32 rounding over a few steps.
    private const double Tolerance = 1e-5;

    private static (Tensor X, Tensor W, Tensor R, Tensor Expected) Load(string name)
    {
        string dir = TestSupport.Fixtures.Path("onnx_backend", "node", "test_" + name, "test_data_set_0");
        Tensor Read(string file) => OnnxTensorFile.Read(System.IO.Path.Combine(dir, file));
        return (Read("input_0.pb"), Read("input_1.pb"), Read("input_2.pb"), Read("output_0.pb"));
    }

    /// <summary>(1, gates·hidden, n) ONNX weights → (n, gates·hidden) Keras kernel with blocks taken in <paramref name="order"/>.</summary>
    private static Tensor ToKeras(Tensor onnx, int[] order)
    {
        Tensor w = Ops.Squeeze(onnx, 0);                                    // (G·H, n)
        Tensor[] blocks = Ops.Split(w, order.Length, axis: 0);               // (H, n) each
        return Ops.Transpose(Ops.Concat([.. order.Select(k => blocks[k])], axis: 0));
    }

    [Fact]
    public void LstmDefaults_KerasLayout_ReproducesOnnxOutput()
    {
        var (x, w, r, expected) = Load("lstm_defaults");
        int hidden = r.Shape[2];
        var lstm = new LSTM(hidden);
        Tensor input = Ops.Transpose(x, [1, 0, 2]);                         // (batch, seq, input)
        lstm.Apply(input);
        int[] iofcToIfco = [0, 2, 3, 1];
        lstm.Kernel!.Assign(ToKeras(w, iofcToIfco));
        lstm.RecurrentKernel!.Assign(ToKeras(r, iofcToIfco));
        lstm.Bias!.Assign(Tensor.Zeros([4 * hidden]));

        Tensor actual = lstm.Apply(input);

        TensorAssert.Close(Ops.Squeeze(expected, 0), actual, rtol: Tolerance, atol: Tolerance, context: "onnx test_lstm_defaults");
    }

    [Fact]
    public void GruDefaults_ResetBefore_ReproducesOnnxOutput()
    {
        var (x, w, r, expected) = Load("gru_defaults");
        int hidden = r.Shape[2];
        var gru = new GRU(hidden, resetAfter: false);
        Tensor input = Ops.Transpose(x, [1, 0, 2]);
        gru.Apply(input);
        int[] zrh = [0, 1, 2];
        gru.Kernel!.Assign(ToKeras(w, zrh));
        gru.RecurrentKernel!.Assign(ToKeras(r, zrh));
        Assert.Equal(new Shape(3 * hidden), gru.Bias!.Shape);

        Tensor actual = gru.Apply(input);

        TensorAssert.Close(Ops.Squeeze(expected, 0), actual, rtol: Tolerance, atol: Tolerance, context: "onnx test_gru_defaults");
    }
}
