using Trellis.Graph.Ir;
using Trellis.Operations;

namespace Trellis.Graph.Passes;

/// <summary>
/// Removes operations that leave their operand unchanged: x+0, 0+x, x-0, x·1, 1·x, x/1, -(-x), a cast or reshape to
/// the operand's own dtype or shape. A rule applies only when the result's shape and dtype equal the operand's, so
/// broadcasting is never lost. (x·0 is not folded: it is NaN for infinite x.)
/// </summary>
internal sealed class AlgebraicSimplification : IGraphPass
{
    public string Name => "algebraic";

    public FunctionGraph Run(FunctionGraph graph)
    {
        var builder = new GraphBuilder(graph.Signature);
        var map = new int[graph.Nodes.Count];
        foreach (var node in graph.Nodes)
        {
            int? same = node.Kind == NodeKind.Op ? Passthrough(graph, node) : null;
            map[node.Id] = same is int operand ? map[operand] : builder.Copy(node, map);
        }
        return new DeadCodeElimination().Run(builder.Finish(graph.Outputs.Select(o => map[o]).ToArray()));
    }

    /// <summary>The input whose value the node returns unchanged, if any.</summary>
    private static int? Passthrough(FunctionGraph graph, Node node)
    {
        int[] inp = node.Inputs;
        bool SameSpec(int i) => graph.Nodes[i].Spec == node.Spec;
        bool IsConstant(int i, double v) => graph.Nodes[i] is { Kind: NodeKind.Constant, Value: { } t } && AllEqual(t, v);
        switch (node.Op)
        {
            case AddOp:
                if (IsConstant(inp[1], 0) && SameSpec(inp[0])) { return inp[0]; }
                if (IsConstant(inp[0], 0) && SameSpec(inp[1])) { return inp[1]; }
                return null;
            case SubtractOp when IsConstant(inp[1], 0) && SameSpec(inp[0]):
                return inp[0];
            case MultiplyOp:
                if (IsConstant(inp[1], 1) && SameSpec(inp[0])) { return inp[0]; }
                if (IsConstant(inp[0], 1) && SameSpec(inp[1])) { return inp[1]; }
                return null;
            case DivideOp when IsConstant(inp[1], 1) && SameSpec(inp[0]):
                return inp[0];
            case NegateOp when graph.Nodes[inp[0]] is { Kind: NodeKind.Op, Op: NegateOp } inner:
                return inner.Inputs[0];
            case CastOp or ReshapeOp or IdentityOp when SameSpec(inp[0]):
                return inp[0];
            default:
                return null;
        }
    }

    private static bool AllEqual(Tensor t, double v)
    {
        if (t.Size > 4096)
        {
            return false;
        }
        for (int i = 0; i < t.Size; i++)
        {
            if (t.GetAsDouble(i) != v)
            {
                return false;
            }
        }
        return true;
    }
}
