using Trellis.Graph.Execution;
using Trellis.Tests.TestSupport;

namespace Trellis.Tests.Graph;

/// <summary>The planned executor (buffers planned once by liveness, in-place element-wise ops) equals the allocating one.</summary>
public class PlannedExecutionTests
{
    public static TheoryData<string> Names => new(TracedEqualsEagerTests.Cases.Keys);

    private static readonly GraphOptions Unplanned = GraphOptions.Default with { PlannedExecution = false };

    [Theory]
    [MemberData(nameof(Names))]
    public void Planned_EqualsUnplanned_BitExact(string name)
    {
        var (f, shapes) = TracedEqualsEagerTests.Cases[name];
        var args = shapes.Select((s, i) => Tensor.RandomNormal(s, seed: 30 + i)).ToArray();
        foreach (var passes in new[] { GraphOptions.Default, GraphOptions.None })
        {
            var planned = Function.Trace(a => [f(a)], options: passes);
            var unplanned = Function.Trace(a => [f(a)], options: passes with { PlannedExecution = false });
            var notInPlace = Function.Trace(a => [f(a)], options: passes with { InPlaceUpdates = false });
            Tensor expected = unplanned.InvokeAll(args)[0];
            for (int call = 0; call < 2; call++) // the second call reuses the buffers
            {
                TensorAssert.BitEqual(expected, planned.InvokeAll(args)[0], $"{name} planned, call {call}");
                TensorAssert.BitEqual(expected, notInPlace.InvokeAll(args)[0], $"{name} planned without in-place, call {call}");
            }
            Assert.True(planned.GetConcreteFunction(args.Select(a => new TensorSpec(a.Shape, a.DType)).ToArray()).IsPlanned, name);
        }
    }

    private static Tensor Mlp(Tensor[] a) =>
        Ops.Softmax(Ops.MatMul(Ops.Tanh(Ops.MatMul(a[0], a[1]) + a[2]) * 0.5 + 1, a[3]) - Ops.Mean(a[0], [1], keepDims: true));

    [Fact]
    public void Planned_DeepGraph_ReusesBuffersAndWritesInPlace()
    {
        var args = new[] { Tensor.RandomNormal([16, 8], seed: 1), Tensor.RandomNormal([8, 8], seed: 2), Tensor.RandomNormal([8], seed: 3), Tensor.RandomNormal([8, 4], seed: 4) };
        var f = Function.Trace(a => [Mlp(a)], options: GraphOptions.None);
        var concrete = f.GetConcreteFunction(args.Select(a => new TensorSpec(a.Shape, a.DType)).ToArray());
        var plan = concrete.Planned()!.Plan;
        int opNodes = concrete.OpCount;
        Assert.True(plan.DistinctBuffers < opNodes, $"{plan.DistinctBuffers} buffers for {opNodes} op nodes: expected reuse");
        Assert.True(plan.InPlaceNodes > 0, "expected at least one in-place element-wise op");
        TensorAssert.BitEqual(Function.Trace(a => [Mlp(a)], options: GraphOptions.None with { PlannedExecution = false }).InvokeAll(args)[0], concrete.Invoke(args)[0]);
    }

    [Fact]
    public void Invoke_Planned_ResultsOutliveLaterCalls()
    {
        var f = Function.Trace((Tensor x) => Ops.Exp(x) * 2);
        var first = f.Invoke(Tensor.Constant(new[] { 0f, 1f }));
        f.Invoke(Tensor.Constant(new[] { 5f, 5f }));
        Assert.Equal(2f, first.ToArray<float>()[0]);
    }

    [Fact]
    public void InvokeBorrowed_ReturnsReusedBuffer_ValidUntilNextCall()
    {
        var f = Function.Trace((Tensor x) => Ops.Exp(x) * 2);
        var concrete = f.GetConcreteFunction(new TensorSpec([2], DType.Float32));
        Tensor a = concrete.InvokeBorrowed(Tensor.Constant(new[] { 0f, 0f }))[0];
        Assert.Equal(2f, a.ToArray<float>()[0]);
        Tensor b = concrete.InvokeBorrowed(Tensor.Constant(new[] { 1f, 1f }))[0];
        Assert.Same(a, b); // the same buffer: documented as valid until the next call
    }

    [Fact]
    public void Invoke_UnderGradientTape_UsesAllocatingPathAndTapeSeesThrough()
    {
        var w = new Variable(Tensor.Constant(new[] { 1.0, 2.0 }));
        var f = Function.Trace((Tensor x) => Ops.Sum(Ops.Square(x * w)));
        f.Invoke(Tensor.Constant(new[] { 3.0, 1.0 })); // planned call first
        using var tape = new GradientTape();
        var loss = f.Invoke(Tensor.Constant(new[] { 3.0, 1.0 }));
        Assert.Equal(new[] { 18.0, 4.0 }, tape.Gradient(loss, w)!.ToArray<double>());
    }

    [Fact]
    public void Planned_UnknownDimensionSignature_FallsBackToGraphExecutor()
    {
        var f = Function.Trace((Tensor x) => x * 2, inputSignature: [new TensorSpec([-1], DType.Float32)]);
        Assert.Equal(new[] { 2f, 4f, 6f }, f.Invoke(Tensor.Constant(new[] { 1f, 2f, 3f })).ToArray<float>());
        Assert.False(f.GetConcreteFunction(new TensorSpec([3], DType.Float32)).IsPlanned);
    }

    [Fact]
    public void BufferPlanner_LastUses_OutputsLivePastTheCall()
    {
        var f = Function.Trace((Tensor x) => Ops.Exp(x) + 1, options: GraphOptions.None);
        var graph = f.GetConcreteFunction(new TensorSpec([2], DType.Float32)).Planned()!;
        int output = graph.Plan.LastUse.Length - 1;
        Assert.Equal(int.MaxValue, BufferPlanner.LastUses(f.GetConcreteFunction(new TensorSpec([2], DType.Float32)).Graph)[output]);
    }
}
