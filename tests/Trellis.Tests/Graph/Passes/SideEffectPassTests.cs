using Trellis.Graph.Ir;
using Trellis.Graph.Passes;
using static Trellis.Tests.Graph.Passes.PassTestHelpers;

namespace Trellis.Tests.Graph.Passes;

/// <summary>Before/after: every pass keeps variable assignments, in order, and never merges reads across them.</summary>
public class SideEffectPassTests
{
    private static readonly TensorSpec Vec = new([4], DType.Float32);

    [Fact]
    public void DeadCodeElimination_UnreadAssignment_IsKept()
    {
        var v = new Variable(Tensor.Zeros([4], DType.Float32));
        var before = Raw(a =>
        {
            v.Assign(Ops.Exp(a[0])); // nothing returned reads it
            return [a[0] + 1];
        }, Vec);
        var after = new DeadCodeElimination().Run(before);
        Assert.Equal(1, CountOps(after, "AssignVariable"));
        Assert.Equal(1, CountOps(after, "Exp"));
        Assert.Single(after.SideEffectNodes);
    }

    [Fact]
    public void EveryPass_TwoEqualAssignmentsAndReadsBetween_KeepsAllInOrder()
    {
        var v = new Variable(Tensor.Zeros([4], DType.Float32));
        var before = Raw(a =>
        {
            v.AssignAdd(a[0]);
            var first = v * 2;
            v.AssignAdd(a[0]);       // the same expression again: a second effect, not a duplicate
            var second = v * 2;      // must not be merged with 'first'
            return [second - first];
        }, Vec);
        FunctionGraph after = before;
        foreach (var pass in All)
        {
            after = pass.Run(after);
        }
        Assert.Equal(2, CountOps(after, "AssignVariable"));
        Assert.Equal(2, after.SideEffectNodes.Length);
        var x = Tensor.Constant(new[] { 1f, 2f, 3f, 4f });
        var result = Trellis.Graph.Execution.GraphExecutor.Run(after, [x])[0];
        Assert.Equal(new[] { 2f, 4f, 6f, 8f }, result.ToArray<float>()); // 2·(v+2x) − 2·(v+x) = 2x
    }
}
