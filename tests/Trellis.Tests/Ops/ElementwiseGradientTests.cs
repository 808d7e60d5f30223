using Trellis.Tests.TestSupport;

namespace Trellis.Tests.Operations;

/// <summary>Every differentiable element-wise op's gradient equals central finite differences in float64.</summary>
public class ElementwiseGradientTests
{
    public static TheoryData<string> UnaryNames => new(ElementwiseFastPathTests.UnaryOps.Keys.Except(["Sign", "Floor", "Ceil", "Round", "Cast"]));
    public static TheoryData<string> BinaryNames => new(ElementwiseFastPathTests.BinaryOps.Keys);

    [Theory]
    [MemberData(nameof(UnaryNames))]
    public void Unary_GradientMatchesFiniteDifferences(string op)
    {
        var f = ElementwiseFastPathTests.UnaryOps[op];
        // Random inputs kept away from kinks (relu at 0, clip bounds, abs at 0) where the derivative is undefined.
        var x = AwayFromKinks(Tensor.RandomNormal([3, 7], stddev: 1.5, seed: 11, dtype: DType.Float64));
        GradientAssert.MatchesFiniteDifferences(xs => f(xs[0]), [x], name: op);
    }

    [Theory]
    [MemberData(nameof(BinaryNames))]
    public void Binary_GradientMatchesFiniteDifferences_WithBroadcast(string op)
    {
        var f = ElementwiseFastPathTests.BinaryOps[op];
        var a = AwayFromKinks(Tensor.RandomNormal([2, 3, 4], seed: 12, dtype: DType.Float64));
        var b = AwayFromKinks(Tensor.RandomNormal([3, 1], seed: 13, dtype: DType.Float64));
        GradientAssert.MatchesFiniteDifferences(xs => f(xs[0], xs[1]), [a, b], name: op);
        GradientAssert.MatchesFiniteDifferences(xs => f(xs[0], xs[1]), [b, a], name: op + " swapped");
    }

    [Fact]
    public void Where_GradientFlowsToChosenBranch()
    {
        var a = Tensor.RandomNormal([4, 5], seed: 1, dtype: DType.Float64);
        var b = Tensor.RandomNormal([5], seed: 2, dtype: DType.Float64);
        var c = Ops.Greater(a, Ops.ZerosLike(a));
        GradientAssert.MatchesFiniteDifferences(xs => Ops.Where(c, xs[0] * xs[0], xs[1] * 3), [a, b], name: "Where");
    }

    [Fact]
    public void Reductions_GradientMatchesFiniteDifferences()
    {
        var x = Tensor.RandomNormal([3, 4, 5], seed: 21, dtype: DType.Float64);
        GradientAssert.MatchesFiniteDifferences(xs => Ops.Sum(xs[0], [0, 2], keepDims: true), [x], name: "Sum");
        GradientAssert.MatchesFiniteDifferences(xs => Ops.Mean(xs[0], [1]), [x], name: "Mean");
        GradientAssert.MatchesFiniteDifferences(xs => Ops.Max(xs[0], [2]), [x], name: "Max");
        GradientAssert.MatchesFiniteDifferences(xs => Ops.Min(xs[0]), [x], name: "Min");
        GradientAssert.MatchesFiniteDifferences(xs => Ops.Prod(xs[0], [1]), [x], name: "Prod");
    }

    [Theory]
    [InlineData("Tanh")]
    [InlineData("Sigmoid")]
    [InlineData("Exp")]
    [InlineData("GeluExact")]
    [InlineData("Softplus")]
    [InlineData("Swish")]
    public void Unary_SecondDerivativeMatchesFiniteDifferencesOfFirst(string op)
    {
        var f = ElementwiseFastPathTests.UnaryOps[op];
        var x = Tensor.RandomNormal([6], seed: 31, dtype: DType.Float64);
        // g(x) = f'(x) computed by an inner tape; its own gradient is f''(x), checked numerically.
        Tensor FirstDerivative(Tensor[] xs)
        {
            using var inner = new GradientTape();
            inner.Watch(xs[0]);
            return inner.Gradient(Ops.Sum(f(xs[0])), xs[0])!;
        }
        GradientAssert.MatchesFiniteDifferences(FirstDerivative, [x], tolerance: 1e-6, name: op + "''");
    }

    [Fact]
    public void Pow_SecondDerivative_KnownValue()
    {
        var x = Tensor.Constant(2.0);
        using var outer = new GradientTape();
        outer.Watch(x);
        using var inner = new GradientTape();
        inner.Watch(x);
        var y = Ops.Pow(x, 4);                 // x⁴
        var dy = inner.Gradient(y, x)!;        // 4x³ = 32
        var d2y = outer.Gradient(dy, x)!;      // 12x² = 48
        Assert.Equal(32.0, dy.Item<double>(), 12);
        Assert.Equal(48.0, d2y.Item<double>(), 12);
    }

    private static Tensor AwayFromKinks(Tensor x)
    {
        var v = x.ToArray<double>();
        for (int i = 0; i < v.Length; i++)
        {
            // Move values within 0.05 of the kinks at 0, -0.5, 0.7 (Clip) and 6 (Relu6) out of the way.
            foreach (double k in new[] { 0.0, -0.5, 0.7, 6.0 })
            {
                if (Math.Abs(v[i] - k) < 0.05)
                {
                    v[i] = k + 0.1 * Math.Sign(v[i] - k + 1e-9);
                }
            }
        }
        return Tensor.Constant(v, x.Shape);
    }
}
