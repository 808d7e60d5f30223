using Trellis.Tests.TestSupport;

// NOTE: not Trellis.Tests.Ops: a namespace named Ops would hide the Trellis.Ops class from every test file.
namespace Trellis.Tests.Operations;

[Collection(ThreadCountGroup.Name)]
public class MatMulTests
{
    [Fact]
    public void MatMul_TwoByThreeTimesThreeByTwo_GivesHandComputedProduct()
    {
        var a = Tensor.Constant(new float[,] { { 1, 2, 3 }, { 4, 5, 6 } });
        var b = Tensor.Constant(new float[,] { { 7, 8 }, { 9, 10 }, { 11, 12 } });
        Tensor c = Ops.MatMul(a, b);
        Assert.Equal(new Shape(2, 2), c.Shape);
        Assert.Equal(new float[] { 58, 64, 139, 154 }, c.ToArray<float>());
    }

    [Theory]
    [InlineData(new[] { 7, 5 }, new[] { 5, 9 }, false, false, new[] { 7, 9 })]
    [InlineData(new[] { 5, 7 }, new[] { 5, 9 }, true, false, new[] { 7, 9 })]
    [InlineData(new[] { 7, 5 }, new[] { 9, 5 }, false, true, new[] { 7, 9 })]
    [InlineData(new[] { 5, 7 }, new[] { 9, 5 }, true, true, new[] { 7, 9 })]
    [InlineData(new[] { 2, 1, 33, 40 }, new[] { 3, 40, 17 }, false, false, new[] { 2, 3, 33, 17 })]
    [InlineData(new[] { 4, 40, 33 }, new[] { 17, 40 }, true, true, new[] { 4, 33, 17 })]
    [InlineData(new[] { 13, 70 }, new[] { 3, 70, 65 }, false, false, new[] { 3, 13, 65 })]
    [InlineData(new[] { 70 }, new[] { 2, 70, 65 }, false, false, new[] { 2, 65 })]
    [InlineData(new[] { 2, 3, 31, 70 }, new[] { 70, 33 }, false, false, new[] { 2, 3, 31, 33 })]
    [InlineData(new[] { 4, 31, 70 }, new[] { 33, 70 }, false, true, new[] { 4, 31, 33 })]
    [InlineData(new[] { 3, 13, 70 }, new[] { 70 }, false, false, new[] { 3, 13 })]
    [InlineData(new[] { 70 }, new[] { 70 }, false, false, new int[0])]
    [InlineData(new[] { 300, 129 }, new[] { 257, 129 }, false, true, new[] { 300, 257 })]
    public void MatMul_ShapesAndTransposes_FastMatchesReference(int[] aShape, int[] bShape, bool ta, bool tb, int[] expected)
    {
        Tensor a = Tensor.RandomUniform(aShape, -1, 1, seed: 1);
        Tensor b = Tensor.RandomUniform(bShape, -1, 1, seed: 2);
        var (fast, reference) = TensorAssert.FastAndReference(() => Ops.MatMul(a, b, ta, tb));
        Assert.Equal(new Shape(expected), fast.Shape);
        // Relative to the size of the largest term sum (|a|,|b| ≤ 1): rounding order is all that differs.
        int k = ta ? aShape[^2] : aShape[^1];
        TensorAssert.Close(reference, fast, rtol: 0, atol: 1e-5 * k);

        var (fast64, reference64) = TensorAssert.FastAndReference(() => Ops.MatMul(Ops.Cast(a, DType.Float64), Ops.Cast(b, DType.Float64), ta, tb));
        TensorAssert.Close(reference64, fast64, rtol: 0, atol: 1e-13 * k);
    }

    [Fact]
    public void MatMul_BatchedOneVersusTwoThreads_BitIdentical()
    {
        Tensor a = Tensor.RandomNormal([6, 20, 30], seed: 4);
        Tensor b = Tensor.RandomNormal([30, 25], seed: 5);
        Tensor big = Tensor.RandomNormal([300, 129], seed: 6), bigB = Tensor.RandomNormal([257, 129], seed: 7);
        int saved = Threading.MaxThreads;
        try
        {
            Threading.MaxThreads = 1;
            Tensor small1 = Ops.MatMul(a, b), big1 = Ops.MatMul(big, bigB, transposeB: true);
            Threading.MaxThreads = 2;
            Tensor small2 = Ops.MatMul(a, b), big2 = Ops.MatMul(big, bigB, transposeB: true);
            TensorAssert.BitEqual(small1, small2, "batched");
            TensorAssert.BitEqual(big1, big2, "300x257x129");
        }
        finally
        {
            Threading.MaxThreads = saved;
        }
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(true, true)]
    public void MatMul_Gradient_MatchesFiniteDifferences(bool ta, bool tb)
    {
        Tensor a = Tensor.RandomNormal(ta ? [4, 3] : [3, 4], seed: 8, dtype: DType.Float64);
        Tensor b = Tensor.RandomNormal(tb ? [5, 4] : [4, 5], seed: 9, dtype: DType.Float64);
        GradientAssert.MatchesFiniteDifferences(x => Ops.MatMul(x[0], x[1], ta, tb), [a, b], name: $"tA={ta} tB={tb}");
    }

    [Theory]
    [InlineData(new[] { 2, 1, 3, 4 }, new[] { 3, 4, 2 }, false, false)]
    [InlineData(new[] { 2, 4, 3 }, new[] { 1, 2, 4 }, true, true)]
    [InlineData(new[] { 3, 4 }, new[] { 2, 4, 5 }, false, false)]
    [InlineData(new[] { 2, 3, 4 }, new[] { 4, 5 }, false, false)]
    [InlineData(new[] { 2, 3, 4 }, new[] { 5, 4 }, false, true)]
    [InlineData(new[] { 2, 4, 3 }, new[] { 4, 5 }, true, false)]
    [InlineData(new[] { 4 }, new[] { 2, 4, 3 }, false, false)]
    [InlineData(new[] { 2, 3, 4 }, new[] { 4 }, false, false)]
    [InlineData(new[] { 4 }, new[] { 4 }, false, false)]
    public void MatMul_BroadcastAndVectorGradient_MatchesFiniteDifferences(int[] aShape, int[] bShape, bool ta, bool tb)
    {
        Tensor a = Tensor.RandomNormal(aShape, seed: 10, dtype: DType.Float64);
        Tensor b = Tensor.RandomNormal(bShape, seed: 11, dtype: DType.Float64);
        GradientAssert.MatchesFiniteDifferences(x => Ops.MatMul(x[0], x[1], ta, tb), [a, b], name: $"{a.Shape} x {b.Shape}");
    }

    [Fact]
    public void MatMul_InnerDimensionsDiffer_ThrowsNamingBothShapes()
    {
        var ex = Assert.Throws<ArgumentException>(() => Ops.MatMul(Tensor.Zeros([32, 784]), Tensor.Zeros([128, 10])));
        Assert.StartsWith("MatMul: inner dimensions differ: (32, 784) x (128, 10)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MatMul_MixedDTypes_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => Ops.MatMul(Tensor.Zeros([2, 2]), Tensor.Zeros([2, 2], DType.Float64)));
        Assert.Contains("MatMul", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MatMul_BatchAxesDoNotBroadcast_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => Ops.MatMul(Tensor.Zeros([2, 3, 4]), Tensor.Zeros([5, 4, 6])));
        Assert.Contains("(2, 3, 4) x (5, 4, 6)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MatMul_EmptyInnerDimension_GivesZeros()
    {
        Tensor c = Ops.MatMul(Tensor.Zeros([3, 0]), Tensor.Zeros([0, 2]));
        Assert.Equal(new Shape(3, 2), c.Shape);
        Assert.All(c.ToArray<float>(), v => Assert.Equal(0f, v));
    }
}
