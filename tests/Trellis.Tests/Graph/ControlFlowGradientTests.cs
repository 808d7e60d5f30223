using Trellis.Tests.TestSupport;

namespace Trellis.Tests.Graph;

/// <summary>Gradients through Ops.WhileLoop and Ops.Cond: taken inside a traced function, and by a tape around one.</summary>
public class ControlFlowGradientTests
{
    private static readonly Tensor Four = Tensor.Scalar(4, DType.Float64);

    /// <summary>v ← v·a + sin(v), four times (a float64 counter), then Σ v².</summary>
    private static Tensor LoopLoss(Tensor x, Tensor a)
    {
        var final = Ops.WhileLoop(
            v => Ops.Less(v[1], Four),
            v => [v[0] * a + Ops.Sin(v[0]), v[1] + 1],
            [x, Tensor.Scalar(0, DType.Float64)]);
        return Ops.Sum(Ops.Square(final[0]));
    }

    private static Tensor[] EagerGradients(Func<Tensor, Tensor, Tensor> loss, Tensor x, Tensor a)
    {
        using var tape = new GradientTape();
        tape.Watch(x, a);
        return tape.Gradient(loss(x, a), [x, a], UnconnectedGradients.Zero)!;
    }

    private static TracedFunction TracedGradients(Func<Tensor, Tensor, Tensor> loss) => Function.Trace(xs =>
    {
        using var tape = new GradientTape();
        tape.Watch(xs);
        return tape.Gradient(loss(xs[0], xs[1]), xs, UnconnectedGradients.Zero)!;
    });

    /// <summary>Central differences of a scalar function with respect to every element of argument k.</summary>
    private static Tensor FiniteDifferences(Func<Tensor, Tensor, Tensor> loss, Tensor[] args, int k, double h = 1e-6)
    {
        double[] x = args[k].ToArray<double>();
        var g = new double[x.Length];
        for (int i = 0; i < x.Length; i++)
        {
            double saved = x[i];
            var at = (double value) =>
            {
                x[i] = value;
                var moved = (Tensor[])args.Clone();
                moved[k] = Tensor.Constant((double[])x.Clone(), args[k].Shape);
                return loss(moved[0], moved[1]).Item<double>();
            };
            g[i] = (at(saved + h) - at(saved - h)) / (2 * h);
            x[i] = saved;
        }
        return Tensor.Constant(g, args[k].Shape);
    }

    [Fact]
    public void WhileLoop_GradientInsideTrace_EqualsEagerAndFiniteDifferences()
    {
        var x = Tensor.Constant(new[] { 0.3, -0.7, 1.1 });
        var a = Tensor.Scalar(0.9, DType.Float64);
        var traced = TracedGradients(LoopLoss);
        Tensor[] inGraph = traced.InvokeAll(x, a);
        Tensor[] eager = EagerGradients(LoopLoss, x, a);
        for (int k = 0; k < 2; k++)
        {
            TensorAssert.BitEqual(eager[k], inGraph[k], $"input {k}: traced vs eager");
            TensorAssert.Close(FiniteDifferences(LoopLoss, [x, a], k), inGraph[k], rtol: 1e-6, atol: 1e-7, context: $"input {k}: traced vs finite differences");
        }
        string dump = traced.GetConcreteFunction(new TensorSpec([3], DType.Float64), new TensorSpec([], DType.Float64)).ToString();
        Assert.Contains("WhileGradient", dump, StringComparison.Ordinal);
        Assert.Equal(1, traced.TraceCount);
    }

    [Fact]
    public void WhileLoop_GradientInsideTrace_NoPasses_EqualsAllPasses()
    {
        var x = Tensor.Constant(new[] { 0.3, -0.7 });
        var a = Tensor.Scalar(1.2, DType.Float64);
        var none = Function.Trace(xs =>
        {
            using var tape = new GradientTape();
            tape.Watch(xs);
            return tape.Gradient(LoopLoss(xs[0], xs[1]), xs, UnconnectedGradients.Zero)!;
        }, options: GraphOptions.None).InvokeAll(x, a);
        var all = TracedGradients(LoopLoss).InvokeAll(x, a);
        TensorAssert.Close(none[0], all[0], rtol: 1e-12);
        TensorAssert.Close(none[1], all[1], rtol: 1e-12);
    }

    [Fact]
    public void WhileLoop_GradientInsideTrace_VariableReadInBody_GetsItsGradient()
    {
        var w = new Variable(Tensor.Constant(new[] { 0.5, -1.5 }), "w");
        Tensor Loss(Tensor x) => Ops.Sum(Ops.WhileLoop(
            v => Ops.Less(v[1], Four),
            v => [Ops.Tanh(v[0] * w), v[1] + 1],
            [x, Tensor.Scalar(0, DType.Float64)])[0]);
        var traced = Function.Trace((Tensor x) =>
        {
            using var tape = new GradientTape();
            return tape.Gradient(Loss(x), w)!;
        });
        var x = Tensor.Constant(new[] { 0.8, 0.4 });
        Tensor eager;
        using (var tape = new GradientTape())
        {
            eager = tape.Gradient(Loss(x), w)!;
        }
        TensorAssert.BitEqual(eager, traced.Invoke(x), "dL/dw");
        // The variable is read when the graph runs, not baked in at trace time.
        w.Assign(Tensor.Constant(new[] { 2.0, 0.1 }));
        using (var tape = new GradientTape())
        {
            eager = tape.Gradient(Loss(x), w)!;
        }
        TensorAssert.BitEqual(eager, traced.Invoke(x), "dL/dw after assigning w");
    }

    [Fact]
    public void WhileLoop_GradientInsideTrace_LoopVariableAlsoReadByBody_NotCountedTwice()
    {
        // v ← v·x three times from v = x: the result is x⁴, whose derivative is 4x³ (not 4x³ + 3x³ or 2·4x³).
        var traced = Function.Trace((Tensor x) =>
        {
            using var tape = new GradientTape();
            tape.Watch(x);
            var r = Ops.WhileLoop(v => Ops.Less(v[1], Tensor.Scalar(3, DType.Float64)), v => [v[0] * x, v[1] + 1], [x, Tensor.Scalar(0, DType.Float64)]);
            return tape.Gradient(Ops.Sum(r[0]), x)!;
        });
        var x = Tensor.Constant(new[] { 1.5, -2.0 });
        Assert.Equal(new[] { 4 * 1.5 * 1.5 * 1.5, 4 * -8.0 }, traced.Invoke(x).ToArray<double>());
    }

    [Fact]
    public void WhileLoop_GradientInsideTrace_ZeroIterations_PassesUpstreamThrough()
    {
        var traced = Function.Trace((Tensor x) =>
        {
            using var tape = new GradientTape();
            tape.Watch(x);
            var r = Ops.WhileLoop(v => Ops.Greater(Ops.Sum(v[0]), Tensor.Scalar(100.0, DType.Float64)), v => [v[0] * 0.5], [x]);
            return tape.Gradient(Ops.Sum(r[0] * 3), x)!;
        });
        Assert.Equal(new[] { 3.0, 3.0 }, traced.Invoke(Tensor.Constant(new[] { 1.0, 2.0 })).ToArray<double>());
        Assert.Equal(new[] { 1.5, 1.5 }, traced.Invoke(Tensor.Constant(new[] { 100.0, 2.0 })).ToArray<double>()); // one halving
    }

    [Fact]
    public void WhileLoop_GradientInsideTrace_Float32_EqualsEager()
    {
        Tensor Loss(Tensor x, Tensor a) => Ops.Mean(Ops.WhileLoop(
            v => Ops.Less(v[1], Tensor.Scalar(3, DType.Int32)),
            v => [Ops.Sigmoid(v[0] * a) + v[0], v[1] + Tensor.Scalar(1, DType.Int32)],
            [x, Tensor.Scalar(0, DType.Int32)])[0]);
        var x = Tensor.RandomNormal([4, 3], seed: 5);
        var a = Tensor.RandomNormal([3], seed: 6);
        var traced = TracedGradients(Loss).InvokeAll(x, a);
        var eager = EagerGradients(Loss, x, a);
        TensorAssert.BitEqual(eager[0], traced[0], "dL/dx");
        TensorAssert.BitEqual(eager[1], traced[1], "dL/da");
    }

    [Fact]
    public void WhileLoop_TapeAroundTracedCall_MatchesFiniteDifferences()
    {
        var traced = Function.Trace((Tensor x, Tensor a) => LoopLoss(x, a));
        GradientAssert.MatchesFiniteDifferences(xs => traced.Invoke(xs[0], xs[1]), [Tensor.Constant(new[] { 0.3, -0.7, 1.1 }), Tensor.Scalar(0.9, DType.Float64)], name: "tape around traced while");
    }

    [Fact]
    public void WhileLoop_TapeAroundTracedGradient_GivesSecondDerivative()
    {
        // r = x³ by a loop; the traced function returns dΣr/dx = 3x²; a tape around it gives d/dx Σ 3x² = 6x.
        var grad = Function.Trace((Tensor x) =>
        {
            using var tape = new GradientTape();
            tape.Watch(x);
            var r = Ops.WhileLoop(v => Ops.Less(v[1], Tensor.Scalar(2, DType.Float64)), v => [v[0] * x, v[1] + 1], [x, Tensor.Scalar(0, DType.Float64)]);
            return tape.Gradient(Ops.Sum(r[0]), x)!;
        });
        var x = Tensor.Constant(new[] { 1.5, -2.0 });
        using var outer = new GradientTape();
        outer.Watch(x);
        var first = grad.Invoke(x);
        Assert.Equal(new[] { 3 * 2.25, 3 * 4.0 }, first.ToArray<double>());
        Assert.Equal(new[] { 9.0, -12.0 }, outer.Gradient(Ops.Sum(first), x)!.ToArray<double>());
    }

    private static Tensor CondLoss(Tensor x, Tensor a) =>
        Ops.Sum(Ops.Cond(Ops.Greater(Ops.Sum(x), Tensor.Scalar(0, DType.Float64)), () => Ops.Square(x * a), () => Ops.Sin(x) * a));

    [Theory]
    [InlineData(1.0)]
    [InlineData(-1.0)]
    public void Cond_GradientInsideTrace_EqualsEagerAndFiniteDifferences(double sign)
    {
        var x = Tensor.Constant(new[] { 0.4 * sign, 0.9 * sign });
        var a = Tensor.Scalar(1.3, DType.Float64);
        var traced = TracedGradients(CondLoss).InvokeAll(x, a);
        var eager = EagerGradients(CondLoss, x, a);
        for (int k = 0; k < 2; k++)
        {
            TensorAssert.BitEqual(eager[k], traced[k], $"input {k}");
            TensorAssert.Close(FiniteDifferences(CondLoss, [x, a], k), traced[k], rtol: 1e-6, atol: 1e-7, context: $"input {k} vs finite differences");
        }
    }

    [Fact]
    public void Cond_GradientInsideTrace_VariableReadInBranch_GetsItsGradient()
    {
        var w = new Variable(Tensor.Constant(new[] { 0.5, -3.0 }), "w");
        var traced = Function.Trace((Tensor x) =>
        {
            using var tape = new GradientTape();
            var y = Ops.Cond(Ops.Greater(Ops.Sum(x), Tensor.Scalar(0, DType.Float64)), () => Ops.Sum(x * x * w), () => Ops.Sum(Ops.Exp(w)));
            return tape.Gradient(y, w)!;
        });
        Assert.Equal(new[] { 1.0, 4.0 }, traced.Invoke(Tensor.Constant(new[] { 1.0, 2.0 })).ToArray<double>()); // x²
        TensorAssert.BitEqual(Ops.Exp(w), traced.Invoke(Tensor.Constant(new[] { -1.0, -2.0 })), "exp(w)");
    }

    [Fact]
    public void Cond_ConstantPredicateReadingVariable_IsNotFoldedAtTraceTime()
    {
        var w = new Variable(Tensor.Constant(new[] { 1f, 2f }), "w");
        var f = Function.Trace((Tensor x) => x + Ops.Cond(Tensor.Constant(true), () => w * 2, () => w));
        var x = Tensor.Zeros([2]);
        Assert.Equal(new[] { 2f, 4f }, f.Invoke(x).ToArray<float>());
        w.Assign(Tensor.Constant(new[] { 5f, 6f }));
        Assert.Equal(new[] { 10f, 12f }, f.Invoke(x).ToArray<float>());
    }

    [Fact]
    public void Cond_TwoCondsWithSameInputs_AreNotMergedByCse()
    {
        var f = Function.Trace((Tensor x) =>
        {
            var p = Ops.Greater(Ops.Sum(x), Tensor.Scalar(0f));
            return Ops.Cond(p, () => x * 2, () => x) + Ops.Cond(p, () => x * 3, () => x);
        });
        Assert.Equal(new[] { 5f, 10f }, f.Invoke(Tensor.Constant(new[] { 1f, 2f })).ToArray<float>());
    }

    [Fact]
    public void Cond_TapeAroundTracedCall_MatchesFiniteDifferences()
    {
        var traced = Function.Trace((Tensor x, Tensor a) => CondLoss(x, a));
        foreach (double sign in new[] { 1.0, -1.0 })
        {
            GradientAssert.MatchesFiniteDifferences(xs => traced.Invoke(xs[0], xs[1]), [Tensor.Constant(new[] { 0.4 * sign, 0.9 * sign }), Tensor.Scalar(1.3, DType.Float64)], name: $"tape around traced cond ({sign})");
        }
    }

    [Fact]
    public void WhileLoop_SecondDerivativeInsideTrace_ClearNotSupportedError()
    {
        var f = Function.Trace((Tensor x) =>
        {
            using var outer = new GradientTape();
            outer.Watch(x);
            Tensor first;
            using (var inner = new GradientTape())
            {
                inner.Watch(x);
                var r = Ops.WhileLoop(v => Ops.Less(v[1], Tensor.Scalar(2, DType.Float64)), v => [v[0] * x, v[1] + 1], [x, Tensor.Scalar(0, DType.Float64)]);
                first = inner.Gradient(Ops.Sum(r[0]), x)!;
            }
            return outer.Gradient(Ops.Sum(first), x)!;
        });
        var ex = Assert.Throws<NotSupportedException>(() => f.Invoke(Tensor.Constant(new[] { 1.0 })));
        Assert.Contains("GradientTape around the call", ex.Message, StringComparison.Ordinal);
    }

    private static Tensor LoopInsideCond(Tensor x, Tensor a) => Ops.Sum(Ops.Cond(Ops.Greater(Ops.Sum(x), Tensor.Scalar(0, DType.Float64)),
        () => Ops.WhileLoop(v => Ops.Less(v[1], Four), v => [Ops.Sin(v[0] * a), v[1] + 1], [x, Tensor.Scalar(0, DType.Float64)])[0],
        () => x * a));

    private static Tensor CondInsideLoop(Tensor x, Tensor a) => Ops.Sum(Ops.WhileLoop(
        v => Ops.Less(v[1], Four),
        v => [Ops.Cond(Ops.Greater(Ops.Sum(v[0]), Tensor.Scalar(0, DType.Float64)), () => v[0] * a - 1, () => Ops.Cos(v[0]) + a), v[1] + 1],
        [x, Tensor.Scalar(0, DType.Float64)])[0]);

    [Theory]
    [InlineData(true, 1.0)]
    [InlineData(true, -1.0)]
    [InlineData(false, 1.0)]
    [InlineData(false, -1.0)]
    public void NestedControlFlow_GradientInsideTrace_EqualsEagerAndFiniteDifferences(bool loopInsideCond, double sign)
    {
        Func<Tensor, Tensor, Tensor> loss = loopInsideCond ? LoopInsideCond : CondInsideLoop;
        var x = Tensor.Constant(new[] { 0.6 * sign, 0.2 * sign });
        var a = Tensor.Scalar(0.8, DType.Float64);
        var traced = TracedGradients(loss).InvokeAll(x, a);
        var eager = EagerGradients(loss, x, a);
        for (int k = 0; k < 2; k++)
        {
            TensorAssert.Close(eager[k], traced[k], rtol: 1e-12, atol: 1e-14, context: $"input {k}");
            TensorAssert.Close(FiniteDifferences(loss, [x, a], k), traced[k], rtol: 1e-6, atol: 1e-7, context: $"input {k} vs finite differences");
        }
    }
}
