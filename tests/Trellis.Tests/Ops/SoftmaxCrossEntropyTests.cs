using Trellis.Losses;
using Trellis.Tests.TestSupport;

namespace Trellis.Tests.Operations;

/// <summary>The fused softmax cross-entropy: values, gradients, traced equality, and its use by the Keras losses.</summary>
public class SoftmaxCrossEntropyTests
{
    public static TheoryData<int[]> Shapes => [[5], [4, 10], [2, 3, 7], [1, 1]];

    private static Tensor Targets(int[] shape, DType dtype) =>
        Ops.Softmax(Tensor.RandomNormal(shape, seed: 2, dtype: dtype) * 3); // soft targets: every class weighs

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Forward_EqualsNegativeSumOfTargetsTimesLogSoftmax(int[] shape)
    {
        foreach (var dtype in new[] { DType.Float32, DType.Float64 })
        {
            var logits = Tensor.RandomNormal(shape, seed: 1, dtype: dtype) * 5;
            var y = Targets(shape, dtype);
            var expected = -Ops.Sum(y * Ops.LogSoftmax(logits), -1);
            TensorAssert.Close(expected, Ops.SoftmaxCrossEntropyWithLogits(y, logits), rtol: dtype == DType.Float32 ? 1e-6 : 1e-13, atol: 1e-6);
        }
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Gradient_BothInputs_MatchFiniteDifferences(int[] shape)
    {
        var logits = Tensor.RandomNormal(shape, seed: 3, dtype: DType.Float64);
        var y = Targets(shape, DType.Float64);
        GradientAssert.MatchesFiniteDifferences(v => Ops.SoftmaxCrossEntropyWithLogits(v[1], v[0]), [logits, y], name: "SoftmaxCrossEntropy");
    }

    [Fact]
    public void SecondOrder_GradientOfGradient_MatchesFiniteDifferences()
    {
        var logits = Tensor.RandomNormal([3, 4], seed: 4, dtype: DType.Float64);
        var y = Targets([3, 4], DType.Float64);
        GradientAssert.MatchesFiniteDifferences(v =>
        {
            using var tape = new GradientTape();
            tape.Watch(v[0]);
            var loss = Ops.Sum(Ops.SoftmaxCrossEntropyWithLogits(y, v[0]));
            return tape.Gradient(loss, [v[0]])[0]!;
        }, [logits], name: "d(SoftmaxCrossEntropy)/dz");
    }

    [Fact]
    public void SecondOrder_BothGradientsWithRowWeights_MatchFiniteDifferences()
    {
        // Differentiates both fused gradient ops (logits and targets) in every input, row weights as the upstream.
        var logits = Tensor.RandomNormal([3, 5], seed: 6, dtype: DType.Float64);
        var y = Targets([3, 5], DType.Float64);
        var weights = Tensor.RandomUniform([3], 0.5, 2, seed: 7, dtype: DType.Float64);
        GradientAssert.MatchesFiniteDifferences(v =>
        {
            using var tape = new GradientTape();
            tape.Watch(v[0], v[1]);
            var loss = Ops.Sum(v[2] * Ops.SoftmaxCrossEntropyWithLogits(v[1], v[0]));
            var g = tape.Gradient(loss, [v[0], v[1]]);
            return g[0] * 1.3 + g[1] * 0.7;
        }, [logits, y, weights], name: "d(SoftmaxCrossEntropy)/d(z, y), weighted rows");
    }

    [Fact]
    public void Traced_EqualsEager()
    {
        var logits = Tensor.RandomNormal([6, 10], seed: 5);
        var y = Targets([6, 10], DType.Float32);
        var f = Function.Trace((Tensor a, Tensor b) => Ops.SoftmaxCrossEntropyWithLogits(b, a));
        TensorAssert.BitEqual(Ops.SoftmaxCrossEntropyWithLogits(y, logits), f.Invoke(logits, y));
    }

    [Fact]
    public void CategoricalCrossentropy_OnASoftmaxOutput_UsesItsLogitsAsKerasDoes()
    {
        // Clipped probabilities cap the loss at -log(1e-7) ≈ 16.1; from the logits it is the exact 100.
        var logits = Tensor.Constant(new[,] { { 100f, 0f } });
        var y = Tensor.Constant(new[,] { { 0f, 1f } });
        var loss = new CategoricalCrossentropy();
        Assert.Equal(100f, loss.Compute(y, Ops.Softmax(logits)).Item<float>(), 3);
        var copiedProbabilities = Ops.Softmax(logits) + 0.0; // not a softmax output any more: the clipped formula
        Assert.Equal(-Math.Log(1e-7), loss.Compute(y, copiedProbabilities).Item<float>(), 3);
        var sparse = new SparseCategoricalCrossentropy();
        Assert.Equal(100f, sparse.Compute(Tensor.Constant(new[] { 1 }), Ops.Softmax(logits)).Item<float>(), 3);
    }
}
