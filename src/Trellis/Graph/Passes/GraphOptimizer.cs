using Trellis.Graph.Ir;

namespace Trellis.Graph.Passes;

/// <summary>Runs the enabled passes in a fixed order: simplify, fold, merge, fuse dense layers, fuse element-wise chains, sweep.</summary>
internal static class GraphOptimizer
{
    public static FunctionGraph Optimize(FunctionGraph graph, GraphOptions options)
    {
        var passes = new List<IGraphPass>();
        if (options.AlgebraicSimplification)
        {
            passes.Add(new AlgebraicSimplification());
        }
        if (options.ConstantFolding)
        {
            passes.Add(new ConstantFolding());
        }
        if (options.CommonSubexpressionElimination)
        {
            passes.Add(new CommonSubexpressionElimination());
        }
        if (options.MatMulBiasActivationFusion)
        {
            passes.Add(new MatMulBiasActivationFusion());
        }
        if (options.ElementwiseFusion)
        {
            passes.Add(new ElementwiseFusion());
        }
        if (options.DeadCodeElimination)
        {
            passes.Add(new DeadCodeElimination());
        }
        // Folded constants and fused ops' operands live as long as the graph: no TensorScope around the trace may pool them.
        using var unpooled = Tensors.TensorPool.Suspend();
        foreach (var pass in passes)
        {
            graph = pass.Run(graph);
        }
        return graph;
    }
}
