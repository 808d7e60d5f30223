using Trellis.Tests.TestSupport;

namespace Trellis.Tests.Operations;

public class ConvolutionTests
{
    // x (N, H, W, C), kernel (KH, KW, C / g, O), strides, dilations, padding ("valid", "same" or "t,b,l,r"), groups.
    public static TheoryData<int[], int[], int[], int[], string, int> Cases => new()
    {
        { [2, 7, 6, 3], [3, 3, 3, 4], [1, 1], [1, 1], "valid", 1 },
        { [2, 7, 6, 3], [3, 3, 3, 4], [1, 1], [1, 1], "same", 1 },
        { [1, 9, 8, 2], [3, 2, 2, 5], [2, 3], [1, 1], "same", 1 },
        { [1, 9, 8, 2], [3, 3, 2, 3], [1, 1], [2, 3], "valid", 1 },
        { [3, 10, 11, 4], [3, 3, 2, 6], [2, 2], [2, 1], "same", 2 },
        { [2, 5, 5, 4], [3, 3, 1, 8], [1, 2], [1, 1], "1,2,0,3", 4 },
        { [1, 4, 4, 1], [4, 4, 1, 1], [3, 3], [1, 1], "valid", 1 },
        { [1, 3, 3, 2], [1, 1, 2, 3], [1, 1], [1, 1], "2,2,1,1", 1 },
        { [17, 6, 5, 3], [2, 2, 3, 7], [1, 1], [1, 1], "same", 1 },
        { [2, 8, 7, 4], [3, 2, 2, 6], [1, 1], [2, 1], "same", 2 },
        { [2, 6, 9, 6], [2, 3, 2, 3], [1, 1], [1, 2], "0,1,3,2", 3 },
    };

    private static Tensor Conv(Tensor x, Tensor k, int[] s, int[] d, string padding, int groups)
    {
        if (padding.Contains(',', StringComparison.Ordinal))
        {
            int[] p = padding.Split(',').Select(int.Parse).ToArray();
            return Ops.Conv2D(x, k, (p[0], p[1], p[2], p[3]), s, d, groups);
        }
        return Ops.Conv2D(x, k, s, padding, d, groups);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Conv2D_RandomShapes_FastMatchesReferenceForwardAndGradients(int[] xs, int[] ks, int[] s, int[] d, string padding, int groups)
    {
        foreach (DType dtype in new[] { DType.Float32, DType.Float64 })
        {
            Tensor x = Tensor.RandomUniform(xs, -1, 1, seed: 1, dtype: dtype);
            Tensor k = Tensor.RandomUniform(ks, -1, 1, seed: 2, dtype: dtype);
            var (fast, reference) = TensorAssert.FastAndReference(() => Conv(x, k, s, d, padding, groups));
            TensorAssert.Close(reference, fast, rtol: 0, atol: 1e-5);
            var (fastGrads, referenceGrads) = TensorAssert.FastAndReference(() =>
            {
                using var tape = new GradientTape();
                tape.Watch([x, k]);
                Tensor y = Conv(x, k, s, d, padding, groups);
                Tensor loss = Ops.Sum(y * y);
                var g = tape.Gradient(loss, [x, k]);
                return Ops.Concat([Ops.Reshape(g[0]!, [-1]), Ops.Reshape(g[1]!, [-1])]);
            });
            TensorAssert.Close(referenceGrads, fastGrads, rtol: 1e-5, atol: 1e-4);
        }
    }

    [Fact]
    public void Conv2D_OneByOneKernel_EqualsMatMul()
    {
        Tensor x = Tensor.RandomUniform([2, 3, 4, 5], -1, 1, seed: 3);
        Tensor k = Tensor.RandomUniform([1, 1, 5, 6], -1, 1, seed: 4);
        Tensor y = Ops.Conv2D(x, k);
        Tensor expected = Ops.Reshape(Ops.MatMul(Ops.Reshape(x, [24, 5]), Ops.Reshape(k, [5, 6])), [2, 3, 4, 6]);
        TensorAssert.Close(expected, y, rtol: 1e-6, atol: 1e-6);
    }

    [Fact]
    public void Conv2D_HandComputed_SumsTheWindow()
    {
        // 3x3 input 1..9, 2x2 kernel of ones: each output is the sum of a 2x2 window.
        Tensor x = Tensor.Constant(Enumerable.Range(1, 9).Select(v => (float)v).ToArray(), [1, 3, 3, 1]);
        Tensor y = Ops.Conv2D(x, Tensor.Ones([2, 2, 1, 1]));
        Assert.Equal(new float[] { 12, 16, 24, 28 }, y.ToArray<float>());
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Conv2D_Gradients_MatchFiniteDifferences(int[] xs, int[] ks, int[] s, int[] d, string padding, int groups)
    {
        if (xs[0] > 3)
        {
            return; // the large-batch case only exercises the filter-gradient blocks; finite differences would be slow
        }
        Tensor x = Tensor.RandomUniform(xs, -1, 1, seed: 5, dtype: DType.Float64);
        Tensor k = Tensor.RandomUniform(ks, -1, 1, seed: 6, dtype: DType.Float64);
        GradientAssert.MatchesFiniteDifferences(v => Conv(v[0], v[1], s, d, padding, groups), [x, k], tolerance: 1e-6, name: "Conv2D");
    }

    [Fact]
    public void Conv2D_SecondOrder_GradientOfGradientMatchesFiniteDifferences()
    {
        Tensor x = Tensor.RandomUniform([1, 5, 4, 2], -1, 1, seed: 7, dtype: DType.Float64);
        Tensor k = Tensor.RandomUniform([3, 2, 2, 3], -1, 1, seed: 8, dtype: DType.Float64);
        // f(x, k) = d/dx Σ conv(x, k)², a function of BackpropInput and Conv2D, itself differentiated.
        GradientAssert.MatchesFiniteDifferences(v =>
        {
            using var tape = new GradientTape();
            tape.Watch([v[0], v[1]]);
            Tensor y = Ops.Conv2D(v[0], v[1], [2, 1], "same");
            var g = tape.Gradient(Ops.Sum(y * y), [v[0], v[1]]);
            return Ops.Concat([Ops.Reshape(g[0]!, [-1]), Ops.Reshape(g[1]!, [-1])]);
        }, [x, k], tolerance: 1e-5, name: "Conv2D second order");
    }

    [Theory]
    [InlineData(new[] { 1, 3, 3, 2 }, new[] { 3, 3, 4, 2 }, new[] { 2, 2 }, "same")]
    [InlineData(new[] { 2, 3, 2, 2 }, new[] { 3, 2, 3, 2 }, new[] { 2, 1 }, "valid")]
    [InlineData(new[] { 1, 4, 4, 1 }, new[] { 2, 2, 2, 1 }, new[] { 1, 1 }, "valid")]
    public void Conv2DTranspose_Gradients_MatchFiniteDifferences(int[] xs, int[] ks, int[] s, string padding)
    {
        Tensor x = Tensor.RandomUniform(xs, -1, 1, seed: 9, dtype: DType.Float64);
        Tensor k = Tensor.RandomUniform(ks, -1, 1, seed: 10, dtype: DType.Float64);
        GradientAssert.MatchesFiniteDifferences(v => Ops.Conv2DTranspose(v[0], v[1], s, padding), [x, k], name: "Conv2DTranspose");
    }

    [Theory]
    [InlineData(3, 2, 2, "same", new[] { 1, 6, 6, 3 })]
    [InlineData(3, 2, 1, "valid", new[] { 1, 7, 7, 3 })]
    [InlineData(3, 1, 1, "valid", new[] { 1, 5, 5, 3 })]
    public void Conv2DTranspose_KerasSizes_AreAsKeras(int k, int stride, int dilation, string padding, int[] expected)
    {
        Tensor x = Tensor.Ones([1, 3, 3, 2]);
        Tensor y = Ops.Conv2DTranspose(x, Tensor.Ones([k, k, 3, 2]), [stride], padding, [dilation]);
        Assert.Equal(new Shape(expected), y.Shape);
    }

    [Fact]
    public void Conv2DTranspose_IsAdjointOfConv2D()
    {
        // <conv(x, k), y> == <x, convT(y, k)> for every x, y: the defining property of the transpose.
        Tensor x = Tensor.RandomUniform([2, 6, 6, 3], -1, 1, seed: 11, dtype: DType.Float64);
        Tensor k = Tensor.RandomUniform([3, 3, 3, 4], -1, 1, seed: 12, dtype: DType.Float64);
        Tensor y = Tensor.RandomUniform([2, 3, 3, 4], -1, 1, seed: 13, dtype: DType.Float64);
        double lhs = Ops.Sum(Ops.Conv2D(x, k, [2], "same") * y).Item<double>();
        double rhs = Ops.Sum(x * Ops.Conv2DTranspose(y, k, [2], "same")).Item<double>();
        Assert.Equal(lhs, rhs, 1e-9);
    }

    [Fact]
    public void DepthwiseConv2D_EqualsPerChannelConv2D()
    {
        Tensor x = Tensor.RandomUniform([2, 5, 5, 3], -1, 1, seed: 14);
        Tensor k = Tensor.RandomUniform([3, 3, 3, 2], -1, 1, seed: 15);
        Tensor y = Ops.DepthwiseConv2D(x, k, null, "same");
        Assert.Equal(new Shape(2, 5, 5, 6), y.Shape);
        for (int c = 0; c < 3; c++)
        {
            Tensor xc = Ops.Slice(x, [0, 0, 0, c], [2, 5, 5, 1]);
            Tensor kc = Ops.Slice(k, [0, 0, c, 0], [3, 3, 1, 2]);
            TensorAssert.Close(Ops.Conv2D(xc, kc, null, "same"), Ops.Slice(y, [0, 0, 0, 2 * c], [2, 5, 5, 2]), rtol: 1e-5, atol: 1e-6);
        }
    }

    [Fact]
    public void DepthwiseConv2D_Gradients_MatchFiniteDifferences()
    {
        Tensor x = Tensor.RandomUniform([1, 4, 5, 2], -1, 1, seed: 16, dtype: DType.Float64);
        Tensor k = Tensor.RandomUniform([2, 3, 2, 2], -1, 1, seed: 17, dtype: DType.Float64);
        GradientAssert.MatchesFiniteDifferences(v => Ops.DepthwiseConv2D(v[0], v[1], [2], "same", null), [x, k], name: "DepthwiseConv2D");
    }

    [Theory]
    [InlineData("valid", 1, 1, 4)]
    [InlineData("same", 2, 1, 4)]
    [InlineData("causal", 1, 2, 7)]
    public void Conv1D_Gradients_MatchFiniteDifferences(string padding, int stride, int dilation, int expectedLength)
    {
        Tensor x = Tensor.RandomUniform([2, 7, 3], -1, 1, seed: 18, dtype: DType.Float64);
        Tensor k = Tensor.RandomUniform([4, 3, 2], -1, 1, seed: 19, dtype: DType.Float64);
        Assert.Equal(new Shape(2, expectedLength, 2), Ops.Conv1D(x, k, stride, padding, dilation).Shape);
        GradientAssert.MatchesFiniteDifferences(v => Ops.Conv1D(v[0], v[1], stride, padding, dilation), [x, k], name: "Conv1D");
    }

    [Fact]
    public void Conv1D_Causal_OutputDoesNotSeeTheFuture()
    {
        Tensor x = Tensor.RandomUniform([1, 6, 1], -1, 1, seed: 20);
        Tensor changed = Ops.Concat([Ops.Slice(x, [0, 0, 0], [1, 4, 1]), Tensor.Ones([1, 2, 1])], axis: 1);
        Tensor k = Tensor.RandomUniform([3, 1, 1], -1, 1, seed: 21);
        Tensor a = Ops.Conv1D(x, k, padding: "causal"), b = Ops.Conv1D(changed, k, padding: "causal");
        TensorAssert.BitEqual(Ops.Slice(a, [0, 0, 0], [1, 4, 1]), Ops.Slice(b, [0, 0, 0], [1, 4, 1]));
    }

    [Fact]
    public void Conv2D_ChannelMismatch_ThrowsNamingShapes()
    {
        var ex = Assert.Throws<ArgumentException>(() => Ops.Conv2D(Tensor.Ones([1, 4, 4, 3]), Tensor.Ones([3, 3, 2, 4])));
        Assert.Contains("Conv2D", ex.Message, StringComparison.Ordinal);
        Assert.Contains("(3, 3, 2, 4)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Conv2D_KernelLargerThanInput_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => Ops.Conv2D(Tensor.Ones([1, 2, 2, 1]), Tensor.Ones([3, 3, 1, 1])));
        Assert.Contains("at least as large", ex.Message, StringComparison.Ordinal);
    }
}
