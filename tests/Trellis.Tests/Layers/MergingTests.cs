using Trellis.Layers.Merging;
using Trellis.Tests.TestSupport;

namespace Trellis.Tests.Layers;

public class MergingTests
{
    private static readonly Tensor s_a = Tensor.Constant(new float[] { 1, -2, 3, 4 }, [2, 2]);
    private static readonly Tensor s_b = Tensor.Constant(new float[] { 5, 6, -7, 8 }, [2, 2]);

    [Fact]
    public void ElementwiseMerges_MatchArithmetic()
    {
        Assert.Equal([6f, 4, -4, 12], new Add().Apply([s_a, s_b]).ToArray<float>());
        Assert.Equal([-4f, -8, 10, -4], new Subtract().Apply([s_a, s_b]).ToArray<float>());
        Assert.Equal([5f, -12, -21, 32], new Multiply().Apply([s_a, s_b]).ToArray<float>());
        Assert.Equal([3f, 2, -2, 6], new Average().Apply([s_a, s_b]).ToArray<float>());
        Assert.Equal([5f, 6, 3, 8], new Maximum().Apply([s_a, s_b]).ToArray<float>());
        Assert.Equal([1f, -2, -7, 4], new Minimum().Apply([s_a, s_b]).ToArray<float>());
    }

    [Fact]
    public void Concatenate_LastAxis_JoinsFeatures()
    {
        var y = new Concatenate().Apply([s_a, Tensor.Ones([2, 1])]);
        Assert.Equal(new Shape(2, 3), y.Shape);
        Assert.Equal([1f, -2, 1, 3, 4, 1], y.ToArray<float>());
    }

    [Fact]
    public void Merge_BadInputs_ThrowWithLayerName()
    {
        var sub = new Subtract(name: "diff");
        Assert.Contains("'diff' expects exactly 2 inputs, but received 3", Assert.Throws<ArgumentException>(() => sub.Apply([s_a, s_a, s_a])).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new Add().Apply([s_a, Tensor.Ones([2, 3])]));
        Assert.Throws<InvalidOperationException>(() => new Add().Apply(s_a));
    }

    [Fact]
    public void Multiply_Gradient_MatchesFiniteDifferences()
        => GradientAssert.MatchesFiniteDifferences(xs => new Multiply(dtype: DType.Float64).Apply([xs[0], xs[1], xs[0]]),
            [Tensor.RandomNormal([2, 3], seed: 1, dtype: DType.Float64), Tensor.RandomNormal([2, 3], seed: 2, dtype: DType.Float64)]);
}
