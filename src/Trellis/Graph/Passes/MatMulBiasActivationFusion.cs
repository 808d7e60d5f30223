using Trellis.Graph.Ir;
using Trellis.Operations;

namespace Trellis.Graph.Passes;

/// <summary>
/// Rewrites activation(MatMul(x, W) + b) and MatMul(x, W) + b, with b a vector over the last axis, into one
/// <see cref="FusedDenseOp"/>, when the intermediates feed nothing else.
/// </summary>
internal sealed class MatMulBiasActivationFusion : IGraphPass
{
    public string Name => "matmul-bias-activation";

    public FunctionGraph Run(FunctionGraph graph)
    {
        int count = graph.Nodes.Count;
        int[] consumers = GraphAnalysis.Uses(graph);

        // Find (add node -> matmul node, bias node) and (activation node -> add node) matches.
        var fusedAt = new Dictionary<int, (int MatMul, int Bias, Op? Activation)>();
        var absorbed = new HashSet<int>();
        foreach (var node in graph.Nodes)
        {
            if (node.Op is not AddOp || !TryMatchBiasAdd(graph, node, consumers, out int mm, out int bias))
            {
                continue;
            }
            fusedAt[node.Id] = (mm, bias, null);
        }
        foreach (var node in graph.Nodes)
        {
            if (node.Kind == NodeKind.Op && node.Op is IElementwiseStep && node.Inputs.Length == 1
                && graph.Nodes[node.Inputs[0]].Op is AddOp // only a bias add, never an activation fused a moment ago
                && fusedAt.TryGetValue(node.Inputs[0], out var m) && consumers[node.Inputs[0]] == 1)
            {
                fusedAt.Remove(node.Inputs[0]);
                absorbed.Add(node.Inputs[0]);
                fusedAt[node.Id] = (m.MatMul, m.Bias, node.Op);
            }
        }
        if (fusedAt.Count == 0)
        {
            return graph;
        }
        foreach (var m in fusedAt.Values)
        {
            absorbed.Add(m.MatMul);
        }
        var builder = new GraphBuilder(graph.Signature);
        var map = new int[count];
        foreach (var node in graph.Nodes)
        {
            if (fusedAt.TryGetValue(node.Id, out var m))
            {
                var mmNode = graph.Nodes[m.MatMul];
                var op = new FusedDenseOp((MatMulOp)mmNode.Op!, m.Activation);
                map[node.Id] = builder.Op(op, [map[mmNode.Inputs[0]], map[mmNode.Inputs[1]], map[m.Bias]], node.Spec);
                continue;
            }
            if (absorbed.Contains(node.Id))
            {
                continue; // emitted as part of a fused node; nothing else reads it
            }
            map[node.Id] = builder.Copy(node, map);
        }
        return builder.Finish(graph.Outputs.Select(o => map[o]).ToArray());
    }

    private static bool TryMatchBiasAdd(FunctionGraph graph, Node add, int[] consumers, out int matMul, out int bias)
    {
        matMul = bias = -1;
        for (int side = 0; side < 2; side++)
        {
            var mm = graph.Nodes[add.Inputs[side]];
            var b = graph.Nodes[add.Inputs[1 - side]];
            if (mm.Op is MatMulOp && consumers[mm.Id] == 1 && mm.Spec.Shape.Rank >= 2
                && b.Spec.Shape.Rank == 1 && b.Spec.Shape[0] == mm.Spec.Shape[-1] && b.Spec.Shape[0] != Shape.Unknown
                && add.Spec == mm.Spec && graph.Nodes[mm.Inputs[1]].Spec.Shape.Rank == 2)
            {
                matMul = mm.Id;
                bias = b.Id;
                return true;
            }
        }
        return false;
    }
}
