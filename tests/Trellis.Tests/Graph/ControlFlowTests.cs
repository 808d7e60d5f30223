using Trellis.Tests.TestSupport;

namespace Trellis.Tests.Graph;

public class ControlFlowTests
{
    private static Tensor SignedSquare(Tensor x) =>
        Ops.Cond(Ops.Greater(Ops.Sum(x), Tensor.Scalar(0, x.DType)), () => Ops.Square(x), () => -Ops.Square(x));

    [Fact]
    public void Cond_Traced_PicksBranchAtRunTime_OneTrace()
    {
        var f = Function.Trace(SignedSquare);
        var pos = Tensor.Constant(new[] { 1f, 2f });
        var neg = Tensor.Constant(new[] { -1f, -2f });
        TensorAssert.BitEqual(SignedSquare(pos), f.Invoke(pos));
        TensorAssert.BitEqual(SignedSquare(neg), f.Invoke(neg));
        Assert.Equal(new[] { -1f, -4f }, f.Invoke(neg).ToArray<float>());
        Assert.Equal(1, f.TraceCount);
        Assert.Contains("Cond", f.GetConcreteFunction(new TensorSpec([2], DType.Float32)).ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Cond_TapeAroundTracedCall_DifferentiatesTakenBranch()
    {
        var f = Function.Trace(SignedSquare);
        foreach (var x in new[] { Tensor.Constant(new[] { 1.0, 2.0 }), Tensor.Constant(new[] { -1.0, -2.0 }) })
        {
            GradientAssert.MatchesFiniteDifferences(xs => f.Invoke(xs[0]), [x], name: "traced cond");
        }
    }

    [Fact]
    public void Cond_GradientInsideTracedFunction_IsSymbolicCond()
    {
        var w = new Variable(Tensor.Constant(new[] { 0.5, -3.0 }));
        var grad = Function.Trace((Tensor x) =>
        {
            using var tape = new GradientTape();
            tape.Watch(x);
            var y = Ops.Cond(Ops.Greater(Ops.Sum(x), Tensor.Scalar(0, DType.Float64)), () => Ops.Sum(x * x * w), () => Ops.Sum(Ops.Sin(x)));
            return tape.Gradient(y, x)!;
        });
        var pos = Tensor.Constant(new[] { 1.0, 2.0 });
        var neg = Tensor.Constant(new[] { -1.0, -2.0 });
        Assert.Equal(new[] { 1.0, -12.0 }, grad.Invoke(pos).ToArray<double>()); // 2xw
        TensorAssert.Close(Ops.Cos(neg), grad.Invoke(neg), rtol: 1e-15);
    }

    [Fact]
    public void Cond_BranchesWithDifferentSpecs_ClearError()
    {
        var f = Function.Trace((Tensor x) => Ops.Cond(Ops.Greater(Ops.Sum(x), Tensor.Scalar(0)), () => x, () => Ops.Sum(x)));
        var ex = Assert.Throws<ArgumentException>(() => f.Invoke(Tensor.Ones([3])));
        Assert.Contains("same shape and dtype", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WhileLoop_Eager_And_Traced_Agree()
    {
        // Newton's iteration for sqrt(a), until |x² - a| < 1e-6 (a data-dependent trip count).
        Tensor[] Sqrt(Tensor a) => Ops.WhileLoop(
            v => Ops.Greater(Ops.Max(Ops.Abs(Ops.Square(v[0]) - a)), Tensor.Scalar(1e-6, DType.Float64)),
            v => [(v[0] + a / v[0]) * 0.5, v[1] + 1],
            [Ops.OnesLike(a), Tensor.Scalar(0, DType.Float64)]);
        var a = Tensor.Constant(new[] { 2.0, 9.0, 100.0 });
        var eager = Sqrt(a);
        var traced = Function.Trace(xs => Sqrt(xs[0])).InvokeAll(a);
        TensorAssert.BitEqual(eager[0], traced[0]);
        TensorAssert.BitEqual(eager[1], traced[1]);
        TensorAssert.Close(Ops.Sqrt(a), traced[0], rtol: 1e-9);
        Assert.True(traced[1].Item<double>() > 3);
    }

    [Fact]
    public void WhileLoop_TapeAroundTracedCall_DifferentiatesThroughIterations()
    {
        // x -> x·w applied 5 times: d/dw Σ x w⁵ = 5 w⁴ Σ x
        var w = new Variable(Tensor.Scalar(1.1, DType.Float64));
        var f = Function.Trace((Tensor x) => Ops.Sum(Ops.WhileLoop(
            v => Ops.Less(v[1], Tensor.Scalar(5, DType.Float64)),
            v => [v[0] * w, v[1] + 1],
            [x, Tensor.Scalar(0, DType.Float64)])[0]));
        var x = Tensor.Constant(new[] { 1.0, 2.0 });
        using var tape = new GradientTape();
        var g = tape.Gradient(f.Invoke(x), w)!;
        Assert.Equal(5 * Math.Pow(1.1, 4) * 3, g.Item<double>(), 12);
    }

    [Fact]
    public void WhileLoop_BodyChangesShape_ClearError()
    {
        var ex = Assert.Throws<ArgumentException>(() => Ops.WhileLoop(v => Ops.Less(Ops.Sum(v[0]), Tensor.Scalar(10)), v => [Ops.Reshape(v[0], [1, 2])], [Tensor.Ones([2])]));
        Assert.Contains("loop variable 0", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WhileLoop_MaximumIterations_Bounds()
    {
        var r = Ops.WhileLoop(v => Tensor.Constant(true), v => [v[0] + 1], [Tensor.Scalar(0, DType.Int32)], maximumIterations: 7);
        Assert.Equal(7, r[0].Item<int>());
        var traced = Function.Trace(xs => Ops.WhileLoop(v => Tensor.Constant(true), v => [v[0] + 1], [xs[0]], maximumIterations: 7));
        Assert.Equal(7, traced.Invoke(Tensor.Scalar(0, DType.Int32)).Item<int>());
    }
}
