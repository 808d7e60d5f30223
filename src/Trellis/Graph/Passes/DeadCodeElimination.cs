using Trellis.Graph.Ir;

namespace Trellis.Graph.Passes;

/// <summary>Drops nodes no output and no side effect (variable assignment) depends on; side-effect nodes always stay, in order.</summary>
internal sealed class DeadCodeElimination : IGraphPass
{
    public string Name => "dead-code";

    public FunctionGraph Run(FunctionGraph graph)
    {
        var live = new bool[graph.Nodes.Count];
        foreach (int o in graph.Outputs)
        {
            live[o] = true;
        }
        for (int i = graph.Nodes.Count - 1; i >= 0; i--)
        {
            var node = graph.Nodes[i];
            live[i] |= node.Kind == NodeKind.Argument || SideEffects.IsSideEffect(node); // arguments define the signature
            if (live[i])
            {
                foreach (int input in node.Inputs)
                {
                    live[input] = true;
                }
            }
        }
        if (live.All(l => l))
        {
            return graph;
        }
        var builder = new GraphBuilder(graph.Signature);
        var map = new int[graph.Nodes.Count];
        foreach (var node in graph.Nodes)
        {
            if (live[node.Id])
            {
                map[node.Id] = builder.Copy(node, map);
            }
        }
        return builder.Finish(graph.Outputs.Select(o => map[o]).ToArray());
    }
}
