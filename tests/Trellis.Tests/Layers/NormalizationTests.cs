using Trellis.Layers;
using Trellis.Tests.TestSupport;

namespace Trellis.Tests.Layers;

public class NormalizationTests
{
    [Fact]
    public void BatchNormalization_Training_NormalizesAndUpdatesMovingStats()
    {
        var bn = new BatchNormalization(momentum: 0.9, epsilon: 0, dtype: DType.Float64);
        var x = Tensor.Constant(new double[] { 1, 10, 3, 20, 5, 30 }, [3, 2]);

        var y = bn.Apply(x, training: true).ToArray<double>();

        // Feature 0: mean 3, biased variance 8/3; feature 1: mean 20, variance 200/3.
        Assert.Equal((1 - 3) / Math.Sqrt(8.0 / 3), y[0], 12);
        Assert.Equal((30 - 20) / Math.Sqrt(200.0 / 3), y[5], 12);
        Assert.Equal([0.3, 2.0], bn.Variables[2].ToArray<double>().Select(v => Math.Round(v, 12)));
        var movingVariance = bn.Variables[3].ToArray<double>();
        Assert.Equal(0.9 + 0.1 * 8 / 3, movingVariance[0], 12);
        Assert.Equal(0.9 + 0.1 * 200 / 3, movingVariance[1], 12);
        Assert.Equal(["gamma", "beta", "moving_mean", "moving_variance"], bn.GetTrackedChildren().Select(c => c.Key));
    }

    [Fact]
    public void BatchNormalization_Inference_UsesMovingStats()
    {
        var bn = new BatchNormalization(epsilon: 0, dtype: DType.Float64);
        var x = Tensor.Constant(new double[] { 1, 2 }, [1, 2]);
        TensorAssert.Close(x, bn.Apply(x), rtol: 1e-15);
    }

    [Fact]
    public void LayerNormalization_Gradient_MatchesFiniteDifferences()
    {
        var ln = new LayerNormalization(dtype: DType.Float64);
        GradientAssert.MatchesFiniteDifferences(xs => ln.Apply(xs[0]), [Tensor.RandomNormal([3, 5], seed: 2, dtype: DType.Float64)], tolerance: 1e-6);
    }

    [Fact]
    public void Embedding_LooksUpRows()
    {
        var e = new Embedding(4, 2);
        var table = e.Embeddings.ToArray<float>();
        var y = e.Apply(Tensor.Constant(new[] { 3, 0 }, [2])).ToArray<float>();

        Assert.Equal([table[6], table[7], table[0], table[1]], y);
    }
}
