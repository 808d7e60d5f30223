using Trellis.Layers;
using Trellis.Tests.TestSupport;

namespace Trellis.Tests.Layers.Recurrent;

public class RecurrentDropoutTests
{
    private static Tensor Input() => Tensor.RandomNormal([4, 5, 3], seed: 2, dtype: DType.Float64);

    private static void CopyWeights(Layer from, Layer to)
    {
        for (int i = 0; i < from.Variables.Count; i++)
        {
            to.Variables[i].Assign(from.Variables[i]);
        }
    }

    [Theory]
    [InlineData("lstm")]
    [InlineData("gru")]
    [InlineData("simple_rnn")]
    public void Dropout_Inference_EqualsLayerWithoutDropout(string kind)
    {
        RNN withDropout = kind switch
        {
            "lstm" => new LSTM(4, dropout: 0.5, recurrentDropout: 0.5, dtype: DType.Float64),
            "gru" => new GRU(4, dropout: 0.5, recurrentDropout: 0.5, dtype: DType.Float64),
            _ => new SimpleRNN(4, dropout: 0.5, recurrentDropout: 0.5, dtype: DType.Float64),
        };
        RNN plain = kind switch
        {
            "lstm" => new LSTM(4, dtype: DType.Float64),
            "gru" => new GRU(4, dtype: DType.Float64),
            _ => new SimpleRNN(4, dtype: DType.Float64),
        };
        Tensor x = Input();
        withDropout.Apply(x);
        plain.Apply(x);
        CopyWeights(withDropout, plain);

        TensorAssert.BitEqual(plain.Apply(x), withDropout.Apply(x, training: false));
        Assert.NotEqual(plain.Apply(x).ToArray<double>(), withDropout.Apply(x, training: true).ToArray<double>());
    }

    [Fact]
    public void Dropout_SameSeed_SameTrainingOutputs()
    {
        var a = new GRU(4, dropout: 0.3, recurrentDropout: 0.3, seed: 42, dtype: DType.Float64);
        var b = new GRU(4, dropout: 0.3, recurrentDropout: 0.3, seed: 42, dtype: DType.Float64);
        Tensor x = Input();
        a.Apply(x);
        b.Apply(x);
        CopyWeights(a, b);

        TensorAssert.BitEqual(a.Apply(x, training: true), b.Apply(x, training: true));
    }

    [Fact]
    public void InputDropout_OneStep_DropsWholeFeaturesWithScale()
    {
        // One step of SimpleRNN with an identity kernel, zero bias and linear activation: the output is the dropped
        // input itself, so every value is either 0 or x / (1 - rate).
        var rnn = new SimpleRNN(3, activation: null, dropout: 0.5, seed: 7, dtype: DType.Float64);
        Tensor x = Tensor.RandomNormal([64, 1, 3], seed: 3, dtype: DType.Float64);
        rnn.Apply(x);
        rnn.Kernel!.Assign(Tensor.Eye(3, dtype: DType.Float64));

        double[] y = rnn.Apply(x, training: true).ToArray<double>();
        double[] input = x.ToArray<double>();

        int dropped = 0;
        for (int i = 0; i < y.Length; i++)
        {
            Assert.True(y[i] == 0 || Math.Abs(y[i] - 2 * input[i]) < 1e-12, $"value {i}: {y[i]} is neither 0 nor 2 x {input[i]}");
            dropped += y[i] == 0 ? 1 : 0;
        }
        Assert.InRange(dropped, 60, 132);   // about half of 192
    }

    [Fact]
    public void Dropout_Config_ReportsRatesAndSeed()
    {
        var config = new LSTM(2, dropout: 0.25, recurrentDropout: 0.5, seed: 9).GetConfig();

        Assert.Equal(0.25, config["dropout"]);
        Assert.Equal(0.5, config["recurrent_dropout"]);
        Assert.Equal(9L, config["seed"]);
    }

    [Fact]
    public void Dropout_RateOne_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new GRU(2, dropout: 1.0));
    }

    [Fact]
    public void Bidirectional_BackwardCopy_KeepsDropout()
    {
        var bi = new Bidirectional(new LSTM(2, recurrentDropout: 0.2));

        Assert.Equal(0.2, bi.BackwardLayer.Cell.RecurrentDropout);
    }
}
