using Trellis.Layers;
using Trellis.Tests.TestSupport;

namespace Trellis.Tests.Layers.Attention;

public class AttentionDropoutTests
{
    [Fact]
    public void MultiHeadAttention_Dropout_OnlyInTrainingAndSeeded()
    {
        var a = new MultiHeadAttention(2, 3, dropout: 0.5, seed: 4, dtype: DType.Float64);
        var b = new MultiHeadAttention(2, 3, dropout: 0.5, seed: 4, dtype: DType.Float64);
        var plain = new MultiHeadAttention(2, 3, dtype: DType.Float64);
        Tensor x = Tensor.RandomNormal([2, 4, 6], seed: 1, dtype: DType.Float64);
        a.Apply(x);
        b.Apply(x);
        plain.Apply(x);
        for (int i = 0; i < a.Variables.Count; i++)
        {
            b.Variables[i].Assign(a.Variables[i]);
            plain.Variables[i].Assign(a.Variables[i]);
        }

        TensorAssert.BitEqual(plain.Apply(x, x), a.Apply(x, x));
        Tensor trainedA = a.Apply(x, x, training: true);
        TensorAssert.BitEqual(trainedA, b.Apply(x, x, training: true));
        Assert.NotEqual(plain.Apply(x, x).ToArray<double>(), trainedA.ToArray<double>());
        Assert.Equal(0.5, a.GetConfig()["dropout"]);
        Assert.Equal(4L, a.GetConfig()["seed"]);
    }

    [Fact]
    public void Attention_Dropout_WeightsReturnedBeforeDropout()
    {
        var layer = new Trellis.Layers.Attention(dropout: 0.5, seed: 3, dtype: DType.Float64);
        Tensor q = Tensor.RandomNormal([1, 3, 2], seed: 1, dtype: DType.Float64);

        AttentionResult r = layer.ApplyWithScores(q, q, training: true);

        // The returned weights are the softmax (rows sum to one); the output used a dropped, rescaled copy.
        TensorAssert.Close(Tensor.Ones([1, 3], DType.Float64), Ops.Sum(r.Scores, axis: -1), rtol: 1e-14, atol: 1e-14, context: "row sums");
        Assert.NotEqual(Ops.MatMul(r.Scores, q).ToArray<double>(), r.Output.ToArray<double>());
    }

    [Fact]
    public void AdditiveAttention_DropoutRateOne_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new AdditiveAttention(dropout: 1.0));
    }
}
