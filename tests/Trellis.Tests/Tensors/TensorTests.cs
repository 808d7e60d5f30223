namespace Trellis.Tests.Tensors;

public class TensorTests
{
    [Fact]
    public void ToString_Int32Vector_MatchesTensorFlowStyle()
    {
        var t = Tensor.Constant(new[] { 2, 4, 6 });
        Assert.Equal("Tensor([2 4 6], shape=(3,), dtype=int32)", t.ToString());
    }

    [Fact]
    public void ToString_FloatMatrix_AlignsLikeNumPy()
    {
        var t = Tensor.Constant(new float[,] { { 1f, 2.5f }, { -3f, 4f } });
        Assert.Equal("Tensor([[ 1.   2.5]\n        [-3.   4. ]], shape=(2, 2), dtype=float32)", t.ToString()); // numpy: [[ 1.   2.5]\n [-3.   4. ]]
    }

    [Fact]
    public void ToString_LargeTensor_IsElided()
    {
        var t = Tensor.Range(0, 2000);
        string s = t.ToString();
        Assert.StartsWith("Tensor([   0    1    2 ... 1997 1998 1999], shape=(2000,)", s);
    }

    [Fact]
    public void Constant_MultiDimensionalArray_KeepsRowMajorOrder()
    {
        var t = Tensor.Constant(new double[,,] { { { 1, 2 }, { 3, 4 } }, { { 5, 6 }, { 7, 8 } } });
        Assert.Equal(new Shape(2, 2, 2), t.Shape);
        Assert.Equal(DType.Float64, t.DType);
        Assert.Equal(new double[] { 1, 2, 3, 4, 5, 6, 7, 8 }, t.ToArray<double>());
        Assert.Equal(7.0, t.GetValue<double>(1, 1, 0));
    }

    [Fact]
    public void ToArray_WrongElementType_ThrowsNamingDType()
    {
        var t = Tensor.Constant(new[] { 1, 2 });
        var ex = Assert.Throws<InvalidOperationException>(() => t.ToArray<float>());
        Assert.Contains("int32", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RandomNormal_SameSeed_SameNumbers_DifferentSeed_Different()
    {
        var a = Tensor.RandomNormal([1000], seed: 7).ToArray<float>();
        var b = Tensor.RandomNormal([1000], seed: 7).ToArray<float>();
        var c = Tensor.RandomNormal([1000], seed: 8).ToArray<float>();
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
        double mean = a.Average(v => (double)v);
        double var = a.Average(v => (v - mean) * (v - mean));
        Assert.InRange(mean, -0.1, 0.1);   // 1000 samples: standard error of the mean is 0.032
        Assert.InRange(var, 0.85, 1.15);
    }

    [Fact]
    public void TruncatedNormal_StaysWithinTwoStddev()
    {
        var v = Tensor.TruncatedNormal([5000], mean: 1, stddev: 0.5, seed: 3).ToArray<float>();
        Assert.All(v, x => Assert.InRange(x, 0f, 2f));
    }

    [Fact]
    public void BFloat16_RoundsToNearestEven()
    {
        Assert.Equal(1.0f, (float)(BFloat16)1.0f);
        // 1 + 2^-8 is halfway between 1 and 1 + 2^-7: ties to even gives 1.
        Assert.Equal(1.0f, (float)(BFloat16)(1f + MathF.Pow(2, -8)));
        Assert.Equal(1f + MathF.Pow(2, -7), (float)(BFloat16)(1f + 3 * MathF.Pow(2, -9)));
    }
}
