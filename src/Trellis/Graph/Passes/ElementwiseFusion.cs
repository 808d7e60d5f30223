using Trellis.Graph.Ir;
using Trellis.Operations;

namespace Trellis.Graph.Passes;

/// <summary>
/// Fuses chains of float element-wise ops (unary ops, and binary ops with a scalar constant) whose intermediate
/// results have no other consumer into one <see cref="FusedElementwiseOp"/>.
/// </summary>
internal sealed class ElementwiseFusion : IGraphPass
{
    public string Name => "elementwise-fusion";

    public FunctionGraph Run(FunctionGraph graph)
    {
        int count = graph.Nodes.Count;
        int[] uses = GraphAnalysis.Uses(graph);

        // Phase 1: link each fusible node to the fusible node feeding it, when that one feeds nothing else.
        var steps = new FusionStep?[count];
        var source = new int[count];     // the non-constant input of a fusible node
        var previous = new int[count];   // the chain link, or -1
        var interior = new bool[count];
        for (int id = 0; id < count; id++)
        {
            previous[id] = -1;
            var node = graph.Nodes[id];
            steps[id] = AsStep(graph, node, out source[id]);
            if (steps[id] is null)
            {
                continue;
            }
            int src = source[id];
            if (steps[src] is not null && uses[src] == 1) // one use, and not an output
            {
                previous[id] = src;
                interior[src] = true;
            }
        }

        // Phase 2: emit; chain tails of length >= 2 become one fused node reading the chain's source.
        var builder = new GraphBuilder(graph.Signature);
        var map = new int[count];
        bool changed = false;
        foreach (var node in graph.Nodes)
        {
            int id = node.Id;
            if (interior[id])
            {
                continue;
            }
            if (previous[id] >= 0)
            {
                var chain = new List<FusionStep>();
                int cur = id;
                for (; previous[cur] >= 0; cur = previous[cur])
                {
                    chain.Add(steps[cur]!);
                }
                chain.Add(steps[cur]!);
                chain.Reverse();
                map[id] = builder.Op(new FusedElementwiseOp(chain), [map[source[cur]]], node.Spec);
                changed = true;
                continue;
            }
            map[id] = builder.Copy(node, map);
        }
        return changed ? new DeadCodeElimination().Run(builder.Finish(graph.Outputs.Select(o => map[o]).ToArray())) : graph;
    }

    /// <summary>The fusion step for a node, or null when it cannot be fused (and its one tensor input).</summary>
    private static FusionStep? AsStep(FunctionGraph graph, Node node, out int input)
    {
        input = -1;
        if (node.Kind != NodeKind.Op || !node.Spec.DType.IsFloating())
        {
            return null;
        }
        if (node.Op is IElementwiseStep && node.Inputs.Length == 1)
        {
            input = node.Inputs[0];
            return new FusionStep(node.Op);
        }
        if (node.Op is IScalarBinaryStep)
        {
            for (int side = 0; side < 2; side++)
            {
                var scalar = graph.Nodes[node.Inputs[side]];
                int other = node.Inputs[1 - side];
                if (scalar is { Kind: NodeKind.Constant, Value.Size: 1 } && graph.Nodes[other].Spec == node.Spec)
                {
                    input = other;
                    return new FusionStep(node.Op, Reshape(scalar.Value!), ScalarOnLeft: side == 0);
                }
            }
        }
        return null;
    }

    private static Tensor Reshape(Tensor scalar) => scalar.Rank == 0 ? scalar : Tensor.FromBytes(scalar.BytesView(), Shape.Scalar, scalar.DType);
}
