using Trellis.Graph.Passes;
using static Trellis.Tests.Graph.Passes.PassTestHelpers;

namespace Trellis.Tests.Graph.Passes;

public class PassTests
{
    private static readonly TensorSpec Vec = new([6], DType.Float32);

    [Fact]
    public void ConstantFolding_FoldsConstantSubtree_KeepsVariableReads()
    {
        var w = new Variable(Tensor.Ones([6]));
        var c = Tensor.Constant(new[] { 1f, 2, 3, 4, 5, 6 });
        var before = Raw(a => [a[0] * Ops.Exp(c * 2) + w * Ops.Sqrt(c)], Vec);
        var after = new ConstantFolding().Run(before);
        Assert.Equal(1, CountOps(before, "Exp"));
        Assert.Equal(0, CountOps(after, "Exp"));   // exp(c*2) became a constant
        Assert.Equal(0, CountOps(after, "Sqrt"));
        Assert.Equal(2, CountOps(after, "Mul"));   // a*const and w*const stay: they read an argument and a variable
        AssertSameResults(before, after, [Tensor.RandomNormal([6], seed: 1)]);
    }

    [Fact]
    public void CommonSubexpressionElimination_MergesIdenticalOps_NotDifferentAttributes()
    {
        var before = Raw(a => [Ops.Tanh(a[0]) + Ops.Tanh(a[0]) + Ops.LeakyRelu(a[0], 0.1) + Ops.LeakyRelu(a[0], 0.2)], Vec);
        var after = new CommonSubexpressionElimination().Run(before);
        Assert.Equal(2, CountOps(before, "Tanh"));
        Assert.Equal(1, CountOps(after, "Tanh"));
        Assert.Equal(2, CountOps(after, "LeakyRelu")); // alpha differs: not the same op
        AssertSameResults(before, after, [Tensor.RandomNormal([6], seed: 2)]);
    }

    [Fact]
    public void CommonSubexpressionElimination_OneOpClassWithTwoNames_KeepsBoth()
    {
        // Softmax and LogSoftmax share an op class and the attribute text "axis=-1": only the name tells them apart.
        var matrix = new TensorSpec([2, 3], DType.Float32);
        var before = Raw(a => [Ops.Softmax(a[0]) + Ops.LogSoftmax(a[0])], matrix);
        var after = new CommonSubexpressionElimination().Run(before);
        Assert.Equal(1, CountOps(after, "Softmax"));
        Assert.Equal(1, CountOps(after, "LogSoftmax"));
        AssertSameResults(before, after, [Tensor.RandomNormal([2, 3], seed: 3)]);
    }

    [Fact]
    public void DeadCodeElimination_DropsUnusedNodes()
    {
        var before = Raw(a =>
        {
            _ = Ops.Exp(a[0]) * 3; // computed while tracing, never returned
            return [a[0] + 1];
        }, Vec);
        var after = new DeadCodeElimination().Run(before);
        Assert.Equal(1, CountOps(before, "Exp"));
        Assert.Equal(0, CountOps(after, "Exp"));
        Assert.Equal(1, CountOps(after));
        AssertSameResults(before, after, [Tensor.RandomNormal([6], seed: 3)]);
    }

    [Fact]
    public void AlgebraicSimplification_RemovesIdentities_KeepsBroadcasts()
    {
        var before = Raw(a =>
        {
            Tensor same = Ops.Negate(Ops.Negate(a[0] * 1 + 0)) / 1 - 0;
            return [same, a[0] + Tensor.Zeros([2, 6])];
        }, Vec);
        var after = new AlgebraicSimplification().Run(before);
        // Output 0 reduces to the argument itself; output 1 keeps its Add because it broadcasts to (2, 6).
        Assert.Equal(1, CountOps(after));
        Assert.Equal(1, CountOps(after, "Add"));
        AssertSameResults(before, after, [Tensor.RandomNormal([6], seed: 4)]);
    }

    [Fact]
    public void ElementwiseFusion_ChainBecomesOneNode_WithinTolerance()
    {
        var big = new TensorSpec([10_000], DType.Float32);
        var before = Raw(a => [Ops.Tanh(Ops.Relu(a[0] * 2 + 1)) - 0.5], big);
        var after = new DeadCodeElimination().Run(new ElementwiseFusion().Run(before));
        Assert.Equal(5, CountOps(before));
        Assert.Equal(1, CountOps(after));
        Assert.Equal(1, CountOps(after, "FusedElementwise"));
        AssertSameResults(before, after, [Tensor.RandomNormal([10_000], seed: 5)], rtol: 1e-6);
    }

    [Fact]
    public void ElementwiseFusion_SharedIntermediate_IsNotFusedAway()
    {
        var before = Raw(a =>
        {
            var t = Ops.Exp(a[0]);
            return [Ops.Tanh(t), Ops.Sigmoid(t)];
        }, Vec);
        var after = new ElementwiseFusion().Run(before);
        Assert.Equal(1, CountOps(after, "Exp")); // two consumers: it must stay materialized
        AssertSameResults(before, after, [Tensor.RandomNormal([6], seed: 6)], rtol: 1e-6);
    }

    [Fact]
    public void FusedChain_GradientMatchesUnfused()
    {
        var f = Function.Trace((Tensor x) => Ops.Sum(Ops.Tanh(Ops.Exp(x * 0.5) - 1)));
        var x = Tensor.RandomNormal([7], seed: 7, dtype: DType.Float64);
        Assert.Equal(1, CountOps(f.GetConcreteFunction(new TensorSpec([7], DType.Float64)).Graph, "FusedElementwise"));
        Tensor fused, eager;
        using (var tape = new GradientTape())
        {
            tape.Watch(x);
            fused = tape.Gradient(f.Invoke(x), x)!;
        }
        using (var tape = new GradientTape())
        {
            tape.Watch(x);
            eager = tape.Gradient(Ops.Sum(Ops.Tanh(Ops.Exp(x * 0.5) - 1)), x)!;
        }
        TestSupport.TensorAssert.Close(eager, fused, rtol: 1e-12);
    }

    [Fact]
    public void EveryPassOnOrOff_SameResults()
    {
        var w = new Variable(Tensor.RandomNormal([6], seed: 8));
        Func<Tensor[], Tensor[]> body = a =>
        {
            var t = Ops.Sigmoid(a[0] * w + 0) * 1;
            var u = Ops.Sigmoid(a[0] * w + 0);
            return [Ops.Sum(Ops.Square(t - u) + Ops.Exp(Tensor.Constant(new[] { 1f, 2, 3, 4, 5, 6 })), 0), Ops.Relu6(a[1] * 3 + 2)];
        };
        var args = new[] { Tensor.RandomNormal([6], seed: 9), Tensor.RandomNormal([6], seed: 10) };
        var reference = Function.Trace(body, options: GraphOptions.None).InvokeAll(args);
        foreach (var pass in All)
        {
            var raw = Raw(body, Vec, Vec);
            AssertSameResults(raw, pass.Run(raw), args, rtol: pass is ElementwiseFusion ? 1e-6 : 0);
        }
        var optimized = Function.Trace(body).InvokeAll(args);
        for (int i = 0; i < reference.Length; i++)
        {
            TestSupport.TensorAssert.Close(reference[i], optimized[i], rtol: 1e-6, atol: 1e-6);
        }
    }
}
