using Trellis.Graph.Ir;

namespace Trellis.Graph.Passes;

/// <summary>Merges op nodes that apply the same op, with the same attributes, to the same inputs.</summary>
internal sealed class CommonSubexpressionElimination : IGraphPass
{
    public string Name => "cse";

    public FunctionGraph Run(FunctionGraph graph)
    {
        var builder = new GraphBuilder(graph.Signature);
        var map = new int[graph.Nodes.Count];
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var node in graph.Nodes)
        {
            // Two assignments are two effects; two loops or conds with the same inputs may run different subgraphs.
            if (node.Kind == NodeKind.Op && !SideEffects.IsSideEffect(node) && node.Op is not ControlFlow.ISubgraphOp)
            {
                // Ops are pure functions of (kind, attributes, inputs): the same key means the same value. The name is
                // part of the kind (one class may serve two ops: Softmax and LogSoftmax), and so is the output spec.
                string key = $"{node.Op!.GetType().FullName}|{node.Op.Name}|{node.Op.AttributeText}|{node.Spec}|{string.Join(",", node.Inputs.Select(i => map[i]))}";
                if (seen.TryGetValue(key, out int existing))
                {
                    map[node.Id] = existing;
                    continue;
                }
                map[node.Id] = builder.Copy(node, map);
                seen[key] = map[node.Id];
                continue;
            }
            map[node.Id] = builder.Copy(node, map);
        }
        return new DeadCodeElimination().Run(builder.Finish(graph.Outputs.Select(o => map[o]).ToArray()));
    }
}
