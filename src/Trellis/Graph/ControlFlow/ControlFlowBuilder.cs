using Trellis.Operations;

namespace Trellis.Graph.ControlFlow;

/// <summary>Traces the branches and bodies of <see cref="Ops.Cond"/> and <see cref="Ops.WhileLoop"/> into control-flow ops.</summary>
internal static class ControlFlowBuilder
{
    public static Tensor Cond(Tracer tracer, Tensor predicate, Func<Tensor> whenTrue, Func<Tensor> whenFalse)
    {
        var t = tracer.TraceSubgraph([], _ => [whenTrue()], out var tCaptures);
        var f = tracer.TraceSubgraph([], _ => [whenFalse()], out var fCaptures);
        // One input list for both branches: the union of what they read, each branch mapping into it.
        var captures = tCaptures.Union(fCaptures, ReferenceEqualityComparer.Instance).Cast<Tensor>().ToList();
        int[] tMap = tCaptures.Select(c => captures.FindIndex(x => ReferenceEquals(x, c))).ToArray();
        int[] fMap = fCaptures.Select(c => captures.FindIndex(x => ReferenceEquals(x, c))).ToArray();
        return OpDispatcher.Run(new CondOp(t, f, tMap, fMap), [predicate, .. captures]);
    }

    public static Tensor[] WhileLoop(Tracer tracer, Func<Tensor[], Tensor> condition, Func<Tensor[], Tensor[]> body, Tensor[] loopVariables, int maximumIterations)
    {
        TensorSpec[] specs = loopVariables.Select(v => new TensorSpec(v.Shape, v.DType)).ToArray();
        var c = tracer.TraceSubgraph(specs, a => [condition(a)], out var cCaptures);
        var b = tracer.TraceSubgraph(specs, body, out var bCaptures);
        var captures = cCaptures.Union(bCaptures, ReferenceEqualityComparer.Instance).Cast<Tensor>().ToList();
        int[] cMap = cCaptures.Select(x => captures.FindIndex(y => ReferenceEquals(x, y))).ToArray();
        int[] bMap = bCaptures.Select(x => captures.FindIndex(y => ReferenceEquals(x, y))).ToArray();
        var loop = new WhileOp(c, b, specs, cMap, bMap, maximumIterations);
        Tensor token = OpDispatcher.Run(loop, [.. loopVariables, .. captures]);
        var results = new Tensor[specs.Length];
        for (int i = 0; i < specs.Length; i++)
        {
            results[i] = OpDispatcher.Run(new LoopResultOp(i, specs[i]), token);
        }
        return results;
    }
}
