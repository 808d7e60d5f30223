using Trellis.Tests.TestSupport;

namespace Trellis.Tests.Operations;

public class PoolingTests
{
    public static TheoryData<int[], int[], int[], string> Cases => new()
    {
        { [2, 6, 6, 3], [2, 2], [2, 2], "valid" },
        { [2, 7, 5, 3], [3, 3], [2, 2], "same" },
        { [1, 5, 7, 4], [2, 3], [1, 2], "valid" },
        { [1, 5, 5, 2], [3, 3], [1, 1], "same" },
        { [1, 4, 5, 2], [3, 2], [2, 1], "1,1,0,1" },
    };

    private static Tensor Pool(bool max, Tensor x, int[] p, int[] s, string padding, bool includePad = false)
    {
        if (padding.Contains(',', StringComparison.Ordinal))
        {
            int[] q = padding.Split(',').Select(int.Parse).ToArray();
            return max ? Ops.MaxPool2D(x, p, (q[0], q[1], q[2], q[3]), s) : Ops.AvgPool2D(x, p, (q[0], q[1], q[2], q[3]), s, includePad);
        }
        return max ? Ops.MaxPool2D(x, p, s, padding) : Ops.AvgPool2D(x, p, s, padding);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Pool2D_RandomShapes_FastMatchesReference(int[] xs, int[] p, int[] s, string padding)
    {
        Tensor x = Tensor.RandomUniform(xs, -1, 1, seed: 1);
        foreach (bool max in new[] { true, false })
        {
            var (fast, reference) = TensorAssert.FastAndReference(() => Pool(max, x, p, s, padding));
            TensorAssert.Close(reference, fast, rtol: 1e-6, atol: 1e-6);
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Pool2D_Gradients_MatchFiniteDifferences(int[] xs, int[] p, int[] s, string padding)
    {
        // Distinct values far apart, so a step of h never changes which element is the maximum.
        int size = xs.Aggregate(1, (a, b) => a * b);
        var values = Enumerable.Range(0, size).Select(i => (double)((i * 7919) % size)).ToArray();
        Tensor x = Tensor.Constant(values, xs);
        GradientAssert.MatchesFiniteDifferences(v => Pool(true, v[0], p, s, padding), [x], name: "MaxPool2D");
        GradientAssert.MatchesFiniteDifferences(v => Pool(false, v[0], p, s, padding), [x], name: "AvgPool2D");
        GradientAssert.MatchesFiniteDifferences(v => Pool(false, v[0], p, s, padding, includePad: true), [x], name: "AvgPool2D countIncludePad");
    }

    [Fact]
    public void MaxPool2D_SecondOrder_GradientOfGradientMatchesFiniteDifferences()
    {
        var values = Enumerable.Range(0, 32).Select(i => (double)((i * 13) % 32)).ToArray();
        Tensor x = Tensor.Constant(values, [1, 4, 4, 2]);
        Tensor w = Tensor.RandomUniform([1, 2, 2, 2], 0, 1, seed: 3, dtype: DType.Float64);
        // f(x) = x ⊙ d/dx Σ maxpool(x)·w: the arg-max routing and its adjoint both appear.
        GradientAssert.MatchesFiniteDifferences(v =>
        {
            using var tape = new GradientTape();
            tape.Watch(v[0]);
            Tensor y = Ops.MaxPool2D(v[0], [2, 2]);
            var g = tape.Gradient(Ops.Sum(y * y * w), [v[0]]);
            return g[0]!;
        }, [x], tolerance: 1e-5, name: "MaxPool2D second order");
    }

    [Fact]
    public void MaxPool2D_HandComputed_TakesWindowMaxima()
    {
        Tensor x = Tensor.Constant(Enumerable.Range(1, 16).Select(v => (float)v).ToArray(), [1, 4, 4, 1]);
        Assert.Equal(new float[] { 6, 8, 14, 16 }, Ops.MaxPool2D(x, [2, 2]).ToArray<float>());
        Assert.Equal(new float[] { 3.5f, 5.5f, 11.5f, 13.5f }, Ops.AvgPool2D(x, [2, 2]).ToArray<float>());
    }

    [Fact]
    public void AvgPool2D_Same_DoesNotCountPadding()
    {
        Tensor x = Tensor.Ones([1, 3, 3, 1]);
        Tensor y = Ops.AvgPool2D(x, [2, 2], [2, 2], "same");
        Assert.Equal(new Shape(1, 2, 2, 1), y.Shape);
        Assert.All(y.ToArray<float>(), v => Assert.Equal(1f, v));
        Tensor included = Ops.AvgPool2D(x, [2, 2], (0, 1, 0, 1), [2, 2], countIncludePad: true);
        Assert.Equal(new float[] { 1, 0.5f, 0.5f, 0.25f }, included.ToArray<float>());
    }

    [Fact]
    public void Pool1D_SameAndValid_HaveKerasLengths()
    {
        Tensor x = Tensor.RandomUniform([2, 7, 3], -1, 1, seed: 4);
        Assert.Equal(new Shape(2, 3, 3), Ops.MaxPool1D(x, 2).Shape);
        Assert.Equal(new Shape(2, 4, 3), Ops.AvgPool1D(x, 2, padding: "same").Shape);
        Assert.Equal(new Shape(2, 6, 3), Ops.MaxPool1D(x, 2, 1).Shape);
    }
}
