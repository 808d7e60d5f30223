using Trellis.Tests.TestSupport;

namespace Trellis.Tests.Operations;

public class ReductionFastPathTests
{
    public static TheoryData<int[], int[]?> ShapesAndAxes => new()
    {
        { [], null }, { [257], null }, { [257], [0] }, { [0, 3], [0] }, { [4, 5], [1] }, { [4, 5], [0] },
        { [3, 4, 5], [0, 1] }, { [3, 4, 5], [1, 2] }, { [3, 4, 5], [0, 2] }, { [2, 1, 3, 1, 4], [1, 3] },
        { [2, 3, 2, 3, 2], [-1] }, { [2, 3, 2, 3, 2], [0, 1, 2] }, { [2, 3, 2, 3, 2], [1, 3] },
    };

    [Theory]
    [MemberData(nameof(ShapesAndAxes))]
    public void Reductions_FastEqualsReference(int[] dims, int[]? axes)
    {
        var x = Tensor.RandomNormal(new Shape(dims), seed: dims.Length);
        foreach (bool keep in new[] { false, true })
        {
            foreach (var f in new Func<Tensor, Tensor>[]
            {
                t => Ops.Sum(t, axes, keep), t => Ops.Mean(t, axes, keep), t => Ops.Max(t, axes, keep), t => Ops.Min(t, axes, keep),
            })
            {
                var (fast, reference) = TensorAssert.FastAndReference(() => f(x));
                TensorAssert.Close(reference, fast, rtol: 1e-5, atol: 1e-6, context: $"{new Shape(dims)} axes {string.Join(",", axes ?? [])}");
            }
        }
    }

    [Fact]
    public void Sum_KnownValuesAndShapes()
    {
        var x = Tensor.Constant(new[,] { { 1, 2, 3 }, { 4, 5, 6 } });
        Assert.Equal(new[] { 5, 7, 9 }, Ops.Sum(x, 0).ToArray<int>());
        Assert.Equal(new Shape(2, 1), Ops.Sum(x, 1, keepDims: true).Shape);
        Assert.Equal(21, Ops.Sum(x).Item<int>());
        Assert.Equal(720, Ops.Prod(x).Item<int>());
        Assert.Equal(new[] { 3, 6 }, Ops.Max(x, -1).ToArray<int>());
    }

    [Fact]
    public void Reduce_DuplicateAxis_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => Ops.Sum(Tensor.Zeros([2, 3]), [1, -1]));
        Assert.Contains("twice", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Max_NaNPropagates_InBothKernels()
    {
        var x = Tensor.Constant(new[] { 1f, float.NaN, 3f });
        var (fast, reference) = TensorAssert.FastAndReference(() => Ops.Max(x));
        Assert.True(float.IsNaN(fast.Item<float>()));
        Assert.True(float.IsNaN(reference.Item<float>()));
    }
}
