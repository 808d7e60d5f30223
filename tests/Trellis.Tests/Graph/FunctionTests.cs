using Trellis.Tests.Operations;
using Trellis.Tests.TestSupport;

namespace Trellis.Tests.Graph;

public class FunctionTests
{
    [Fact]
    public void Trace_ApiStory3_PrintsAndTracesOnce()
    {
        var myFunction = Function.Trace((Tensor x) => x * 2);
        Tensor result = myFunction.Invoke(Tensor.Constant(new[] { 1, 2, 3 }));
        Assert.Equal("Tensor([2 4 6], shape=(3,), dtype=int32)", result.ToString());
        Assert.Equal(1, myFunction.TraceCount);
        myFunction.Invoke(Tensor.Constant(new[] { 4, 5, 6 }));
        Assert.Equal(1, myFunction.TraceCount);
    }

    [Fact]
    public void Trace_NewShapeOrDType_Retraces()
    {
        var f = Function.Trace((Tensor x) => Ops.Square(x) + 1);
        f.Invoke(Tensor.Zeros([3]));
        f.Invoke(Tensor.Zeros([4]));
        f.Invoke(Tensor.Zeros([4], DType.Float64));
        f.Invoke(Tensor.Zeros([3]));
        Assert.Equal(3, f.TraceCount);
    }

    [Fact]
    public void Trace_UnknownBatchDimension_OneTraceForAllBatchSizes()
    {
        var f = Function.Trace((Tensor x) => Ops.Sum(Ops.Tanh(x), 1), [new TensorSpec([Shape.Unknown, 4], DType.Float32)]);
        for (int batch = 1; batch <= 1000; batch += 37)
        {
            var x = Tensor.RandomNormal([batch, 4], seed: batch);
            TensorAssert.BitEqual(Ops.Sum(Ops.Tanh(x), 1), f.Invoke(x), $"batch {batch}");
        }
        Assert.Equal(1, f.TraceCount);
        Assert.Throws<ArgumentException>(() => f.Invoke(Tensor.Zeros([2, 5])));
    }

    [Theory]
    [MemberData(nameof(ElementwiseFastPathTests.UnaryFloatOps), MemberType = typeof(ElementwiseFastPathTests))]
    public void Trace_UnaryOp_EqualsEagerBitExact(string op)
    {
        var f = ElementwiseFastPathTests.UnaryOps[op];
        var x = Tensor.RandomNormal([5, 7], stddev: 2, seed: 3);
        TensorAssert.BitEqual(f(x), Function.Trace(f).Invoke(x), op);
    }

    [Theory]
    [MemberData(nameof(ElementwiseFastPathTests.BinaryOpNames), MemberType = typeof(ElementwiseFastPathTests))]
    public void Trace_BinaryOp_EqualsEagerBitExact(string op)
    {
        var f = ElementwiseFastPathTests.BinaryOps[op];
        var a = Tensor.RandomNormal([4, 1, 3], seed: 1);
        var b = Tensor.RandomNormal([5, 3], seed: 2);
        TensorAssert.BitEqual(f(a, b), Function.Trace(f).Invoke(a, b), op);
    }

    [Fact]
    public void Trace_CapturesVariableByReference()
    {
        var w = new Variable(Tensor.Constant(new[] { 1f, 2f }));
        var f = Function.Trace((Tensor x) => x * w);
        Assert.Equal(new[] { 3f, 6f }, f.Invoke(Tensor.Constant(new[] { 3f, 3f })).ToArray<float>());
        w.Assign(Tensor.Constant(new[] { 10f, 20f }));
        Assert.Equal(new[] { 30f, 60f }, f.Invoke(Tensor.Constant(new[] { 3f, 3f })).ToArray<float>());
        Assert.Equal(1, f.TraceCount);
    }

    [Fact]
    public void GradientTape_SeesThroughTracedFunction()
    {
        var w = new Variable(Tensor.Constant(new[] { 1.0, 2.0 }));
        var f = Function.Trace((Tensor x) => Ops.Sum(Ops.Square(x * w)));
        using var tape = new GradientTape();
        var loss = f.Invoke(Tensor.Constant(new[] { 3.0, 1.0 }));
        var g = tape.Gradient(loss, w)!;
        // d/dw Σ (x w)² = 2 x² w
        Assert.Equal(new[] { 18.0, 4.0 }, g.ToArray<double>());
    }

    [Fact]
    public void Trace_BodyComputesItsOwnGradient_Symbolically()
    {
        var f = Function.Trace((Tensor x) =>
        {
            using var tape = new GradientTape();
            tape.Watch(x);
            var y = Ops.Sum(Ops.Sin(x));
            return tape.Gradient(y, x)!;
        });
        var x = Tensor.Constant(new[] { 0.0, 1.0, 2.0 });
        TensorAssert.BitEqual(Ops.Cos(x), f.Invoke(x));
        Assert.Contains("Cos", f.GetConcreteFunction(new TensorSpec([3], DType.Float64)).ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Trace_BranchOnTensorValue_ClearError()
    {
        var f = Function.Trace((Tensor x) => Ops.Sum(x).Item<float>() > 0 ? x : -x);
        var ex = Assert.Throws<InvalidOperationException>(() => f.Invoke(Tensor.Ones([2])));
        Assert.Contains("symbolic", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Dump_ListsNodesReadably()
    {
        var f = Function.Trace((Tensor x) => x * 2);
        string dump = f.GetConcreteFunction(new TensorSpec([3], DType.Int32)).ToString();
        Assert.Contains("%0 = arg0 : int32(3,)", dump, StringComparison.Ordinal);
        Assert.Contains("Mul(%0, %1)", dump, StringComparison.Ordinal);
    }
}
