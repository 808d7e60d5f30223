using Trellis.Layers;
using Trellis.Tests.TestSupport;

namespace Trellis.Tests.Layers.Recurrent;

public class RecurrentLayerTests
{
    private static Tensor Input(int batch = 2, int steps = 4, int features = 3, int seed = 1) =>
        Tensor.RandomNormal([batch, steps, features], seed: seed, dtype: DType.Float64);

    /// <summary>Copies every weight of <paramref name="from"/> into <paramref name="to"/> (both built, same layout).</summary>
    private static void CopyWeights(Layer from, Layer to)
    {
        Assert.Equal(from.Variables.Count, to.Variables.Count);
        for (int i = 0; i < from.Variables.Count; i++)
        {
            to.Variables[i].Assign(from.Variables[i]);
        }
    }

    private static Tensor Reverse(Tensor x, int axis = 1)
    {
        int n = x.Shape[axis];
        return Ops.Gather(x, Tensor.Constant(Enumerable.Range(0, n).Reverse().ToArray(), [n]), axis);
    }

    [Fact]
    public void LSTM_Build_WeightsHaveKerasShapesAndNames()
    {
        var lstm = new LSTM(6);
        lstm.Apply(Tensor.Ones([2, 4, 5]));

        Assert.Equal([new Shape(5, 24), new Shape(6, 24), new Shape(24)], lstm.Variables.Select(v => v.Shape));
        Assert.Equal(["lstm_cell/kernel", "lstm_cell/recurrent_kernel", "lstm_cell/bias"], lstm.Variables.Select(v => v.Name));
        // Checkpoint keys .../cell/kernel, as TensorFlow writes for a Keras LSTM.
        Assert.Contains(lstm.GetTrackedChildren(), c => c.Key == "cell" && ReferenceEquals(c.Value, lstm.Cell));
    }

    [Fact]
    public void LSTM_UnitForgetBias_ForgetBlockStartsAtOne()
    {
        var lstm = new LSTM(3);
        lstm.Apply(Tensor.Ones([1, 2, 2]));

        Assert.Equal([0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0], lstm.Bias!.ToArray<float>());
    }

    [Fact]
    public void LSTM_UnitForgetBiasFalse_BiasAllZeros()
    {
        var lstm = new LSTM(3, unitForgetBias: false);
        lstm.Apply(Tensor.Ones([1, 2, 2]));

        Assert.All(lstm.Bias!.ToArray<float>(), b => Assert.Equal(0f, b));
    }

    [Fact]
    public void RecurrentKernel_Orthogonal_IsOrthonormalPerGate()
    {
        var simple = new SimpleRNN(4);
        simple.Apply(Tensor.Ones([1, 2, 3], DType.Float32));
        Tensor r = Ops.Cast(simple.RecurrentKernel!, DType.Float64);

        TensorAssert.Close(Tensor.Eye(4, dtype: DType.Float64), Ops.MatMul(r, r, transposeA: true), rtol: 0, atol: 1e-5, context: "RᵀR");
    }

    [Theory]
    [InlineData(true, 2, 18)]
    [InlineData(false, 1, 18)]
    public void GRU_ResetAfter_SetsBiasShape(bool resetAfter, int rank, int last)
    {
        var gru = new GRU(6, resetAfter: resetAfter);
        gru.Apply(Tensor.Ones([2, 3, 4]));

        Assert.Equal(rank, gru.Bias!.Shape.Rank);
        Assert.Equal(last, gru.Bias.Shape[^1]);
        Assert.Equal(new Shape(4, 18), gru.Kernel!.Shape);
        Assert.Equal(new Shape(6, 18), gru.RecurrentKernel!.Shape);
    }

    [Fact]
    public void LSTM_GetConfig_HasKeras3Keys()
    {
        var config = new LSTM(7, returnSequences: true).GetConfig();

        string[] expected =
        [
            "name", "trainable", "dtype", "return_sequences", "return_state", "go_backwards", "stateful", "unroll", "zero_output_for_mask",
            "units", "activation", "recurrent_activation", "use_bias", "kernel_initializer", "recurrent_initializer", "bias_initializer",
            "unit_forget_bias", "kernel_regularizer", "recurrent_regularizer", "bias_regularizer", "activity_regularizer", "kernel_constraint",
            "recurrent_constraint", "bias_constraint", "dropout", "recurrent_dropout", "seed",
        ];
        Assert.Equal(expected.Order(), config.Keys.Order());
        Assert.Equal(7, config["units"]);
        Assert.Equal("tanh", config["activation"]);
        Assert.Equal("sigmoid", config["recurrent_activation"]);
        Assert.Equal(true, config["return_sequences"]);
        Assert.Equal("Orthogonal", ((Dictionary<string, object?>)config["recurrent_initializer"]!)["class_name"]);
    }

    [Fact]
    public void GRU_GetConfig_HasResetAfter()
    {
        var config = new GRU(2, resetAfter: false).GetConfig();

        Assert.Equal(false, config["reset_after"]);
        Assert.DoesNotContain("cell", config.Keys);
        Assert.DoesNotContain("unit_forget_bias", config.Keys);
    }

    [Fact]
    public void RNN_GenericCell_ConfigSerializesCell()
    {
        var config = new RNN(new SimpleRNNCell(3)).GetConfig();

        var cell = (Dictionary<string, object?>)config["cell"]!;
        Assert.Equal("SimpleRNNCell", cell["class_name"]);
        Assert.Equal(3, ((Dictionary<string, object?>)cell["config"]!)["units"]);
    }

    [Fact]
    public void Cell_Step_EqualsOneStepOfTheLayer()
    {
        var lstm = new LSTM(4, dtype: DType.Float64);
        Tensor x = Input(steps: 1);
        Tensor layerOutput = lstm.Apply(x);

        RecurrentOutput step = lstm.Cell.Step(Ops.Reshape(x, [2, 3]), lstm.Cell.ZeroStates(2));

        TensorAssert.BitEqual(layerOutput, step.Output);
        Assert.Equal(2, step.States.Count);
    }

    [Fact]
    public void GoBackwards_EqualsForwardOnReversedInput()
    {
        var backward = new GRU(4, goBackwards: true, returnSequences: true, dtype: DType.Float64);
        var forward = new GRU(4, returnSequences: true, dtype: DType.Float64);
        Tensor x = Input();
        backward.Apply(x);
        forward.Apply(x);
        CopyWeights(backward, forward);

        TensorAssert.BitEqual(forward.Apply(Reverse(x)), backward.Apply(x));
    }

    [Fact]
    public void Mask_TrailingPadding_EqualsShorterSequence()
    {
        var masked = new LSTM(4, dtype: DType.Float64);
        var shorter = new LSTM(4, dtype: DType.Float64);
        Tensor x = Input(batch: 1);
        masked.Apply(x);
        shorter.Apply(x);
        CopyWeights(masked, shorter);
        Tensor mask = Tensor.Constant(new[] { true, true, false, false }, [1, 4]);

        RecurrentOutput m = masked.ApplyWithStates(x, mask: mask);
        RecurrentOutput s = shorter.ApplyWithStates(Ops.Slice(x, [0, 0, 0], [1, 2, 3]));

        TensorAssert.BitEqual(s.Output, m.Output);
        TensorAssert.BitEqual(s.States[0], m.States[0]);
        TensorAssert.BitEqual(s.States[1], m.States[1]);
    }

    [Fact]
    public void Mask_ReturnSequences_MaskedStepRepeatsPreviousOutput()
    {
        var gru = new GRU(3, returnSequences: true, dtype: DType.Float64);
        Tensor x = Input(batch: 2);
        Tensor mask = Tensor.Constant(new[] { 1.0, 0.0, 1.0, 0.0, 1.0, 1.0, 1.0, 1.0 }, [2, 4]);

        Tensor y = gru.Apply(x, mask);

        Tensor step = Ops.Slice(y, [0, 0, 0], [1, 4, 3]);
        TensorAssert.BitEqual(Ops.Slice(step, [0, 0, 0], [1, 1, 3]), Ops.Slice(step, [0, 1, 0], [1, 1, 3]));
        TensorAssert.BitEqual(Ops.Slice(step, [0, 2, 0], [1, 1, 3]), Ops.Slice(step, [0, 3, 0], [1, 1, 3]));
        // The unmasked batch row is what the layer computes without a mask.
        TensorAssert.BitEqual(Ops.Slice(gru.Apply(x), [1, 0, 0], [1, 4, 3]), Ops.Slice(y, [1, 0, 0], [1, 4, 3]));
    }

    [Fact]
    public void ApplyWithStates_InitialStatesContinueASplitSequence()
    {
        var lstm = new LSTM(4, returnSequences: true, dtype: DType.Float64);
        Tensor x = Input(steps: 6);

        RecurrentOutput whole = lstm.ApplyWithStates(x);
        RecurrentOutput first = lstm.ApplyWithStates(Ops.Slice(x, [0, 0, 0], [2, 3, 3]));
        RecurrentOutput second = lstm.ApplyWithStates(Ops.Slice(x, [0, 3, 0], [2, 3, 3]), first.States);

        TensorAssert.Close(Ops.Slice(whole.Output, [0, 3, 0], [2, 3, 4]), second.Output, rtol: 1e-14, atol: 1e-14, context: "continued");
        Assert.Equal(3, whole.ToArray().Length);
    }

    [Fact]
    public void ApplyWithStates_WrongStateCount_ThrowsNamingLayer()
    {
        var lstm = new LSTM(4);

        var ex = Assert.Throws<ArgumentException>(() => lstm.ApplyWithStates(Tensor.Ones([2, 3, 3]), [Tensor.Zeros([2, 4])]));
        Assert.Contains(lstm.Cell.Name, ex.Message, StringComparison.Ordinal);
        Assert.Contains("2 state tensor(s)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Apply_Rank2Input_ThrowsNamingLayerAndShape()
    {
        var gru = new GRU(4);

        var ex = Assert.Throws<ArgumentException>(() => gru.Apply(Tensor.Ones([2, 3])));
        Assert.Contains($"Layer '{gru.Name}' expected input of rank 3", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Apply_WrongMaskShape_Throws()
    {
        var rnn = new SimpleRNN(2);

        var ex = Assert.Throws<ArgumentException>(() => rnn.Apply(Tensor.Ones([2, 3, 1]), Tensor.Ones([2, 4])));
        Assert.Contains("mask of shape (2, 3)", ex.Message, StringComparison.Ordinal);
    }
}
