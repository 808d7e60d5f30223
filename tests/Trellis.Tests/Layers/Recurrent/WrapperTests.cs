using Trellis.Layers;
using Trellis.Tests.TestSupport;

namespace Trellis.Tests.Layers.Recurrent;

public class WrapperTests
{
    private static Tensor Input(int batch = 2, int steps = 4, int features = 3) =>
        Tensor.RandomNormal([batch, steps, features], seed: 3, dtype: DType.Float64);

    private static Tensor Reverse(Tensor x)
    {
        int n = x.Shape[1];
        return Ops.Gather(x, Tensor.Constant(Enumerable.Range(0, n).Reverse().ToArray(), [n]), 1);
    }

    [Fact]
    public void Bidirectional_Concat_IsForwardThenReversedBackward()
    {
        var bi = new Bidirectional(new LSTM(4, returnSequences: true, dtype: DType.Float64));
        Tensor x = Input();
        Tensor y = bi.Apply(x);

        Tensor forward = bi.ForwardLayer.Apply(x);
        Tensor backward = Reverse(bi.BackwardLayer.Apply(x));

        Assert.True(bi.BackwardLayer.GoBackwards);
        Assert.Equal("backward_" + bi.ForwardLayer.Name, bi.BackwardLayer.Name);
        TensorAssert.BitEqual(Ops.Concat([forward, backward], axis: -1), y);
    }

    [Theory]
    [InlineData("sum")]
    [InlineData("mul")]
    [InlineData("ave")]
    public void Bidirectional_MergeModes_CombineLastOutputs(string mode)
    {
        var bi = new Bidirectional(new GRU(3, dtype: DType.Float64), mergeMode: mode);
        Tensor x = Input();
        Tensor y = bi.Apply(x);

        Tensor f = bi.ForwardLayer.Apply(x), b = bi.BackwardLayer.Apply(x);
        Tensor expected = mode switch { "sum" => f + b, "mul" => f * b, _ => (f + b) * 0.5 };
        TensorAssert.BitEqual(expected, y);
    }

    [Fact]
    public void Bidirectional_ApplyWithStates_ReturnsForwardThenBackwardStates()
    {
        var bi = new Bidirectional(new LSTM(4, returnState: true, dtype: DType.Float64));
        Tensor x = Input();

        RecurrentOutput result = bi.ApplyWithStates(x);

        Assert.Equal(4, result.States.Count);
        TensorAssert.BitEqual(bi.ForwardLayer.ApplyWithStates(x).States[1], result.States[1]);
        TensorAssert.BitEqual(bi.BackwardLayer.ApplyWithStates(x).States[0], result.States[2]);
        Assert.Equal(6, bi.Variables.Count);
    }

    [Fact]
    public void Bidirectional_MaskWithSequences_PaddedStepsAreZero()
    {
        var bi = new Bidirectional(new SimpleRNN(2, returnSequences: true, dtype: DType.Float64));
        Tensor mask = Tensor.Constant(new[] { true, true, true, false, true, true, true, true }, [2, 4]);

        Tensor y = bi.Apply(Input(), mask);

        Assert.All(Ops.Slice(y, [0, 3, 0], [1, 1, 4]).ToArray<double>(), v => Assert.Equal(0.0, v));
        Assert.Contains(Ops.Slice(y, [1, 3, 0], [1, 1, 4]).ToArray<double>(), v => v != 0.0);
    }

    [Fact]
    public void Bidirectional_BackwardLayerSameDirection_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => new Bidirectional(new LSTM(2), backwardLayer: new LSTM(2)));
        Assert.Contains("opposite goBackwards", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bidirectional_UnknownMergeMode_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => new Bidirectional(new LSTM(2), mergeMode: "max"));
        Assert.Contains("concat, sum, mul, ave", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bidirectional_GetConfig_SerializesLayer()
    {
        var config = new Bidirectional(new GRU(2), mergeMode: "ave").GetConfig();

        Assert.Equal("ave", config["merge_mode"]);
        Assert.Equal("GRU", ((Dictionary<string, object?>)config["layer"]!)["class_name"]);
    }

    [Fact]
    public void TimeDistributed_Dense_EqualsDensePerStep()
    {
        var dense = new Dense(2, dtype: DType.Float64);
        var td = new TimeDistributed(dense);
        Tensor x = Input();

        Tensor y = td.Apply(x);

        Assert.Equal(new Shape(2, 4, 2), y.Shape);
        for (int t = 0; t < 4; t++)
        {
            Tensor step = Ops.Reshape(Ops.Slice(x, [0, t, 0], [2, 1, 3]), [2, 3]);
            TensorAssert.Close(dense.Apply(step), Ops.Reshape(Ops.Slice(y, [0, t, 0], [2, 1, 2]), [2, 2]), rtol: 1e-14, atol: 1e-14, context: $"step {t}");
        }
        Assert.Equal("Dense", ((Dictionary<string, object?>)td.GetConfig()["layer"]!)["class_name"]);
    }

    [Fact]
    public void TimeDistributed_Rank2Input_Throws()
    {
        var td = new TimeDistributed(new Dense(2));

        var ex = Assert.Throws<ArgumentException>(() => td.Apply(Tensor.Ones([2, 3])));
        Assert.Contains("rank at least 3", ex.Message, StringComparison.Ordinal);
    }
}
