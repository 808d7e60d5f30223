using Trellis.Graph.Ir;
using Trellis.Operations;

namespace Trellis.Graph.Execution;

/// <summary>
/// Runs a traced graph node by node through the op dispatcher, so an active <see cref="GradientTape"/> records the
/// ops and sees through the function. Intermediate values are released after their last use.
/// </summary>
internal static class GraphExecutor
{
    public static Tensor[] Run(FunctionGraph graph, Tensor[] arguments)
    {
        var nodes = graph.Nodes;
        var values = new Tensor?[nodes.Count];
        var lastUse = LastUses(graph);
        for (int i = 0; i < nodes.Count; i++)
        {
            var node = nodes[i];
            values[i] = node.Kind switch
            {
                NodeKind.Argument => arguments[node.ArgumentIndex],
                NodeKind.Constant or NodeKind.Capture => node.Value,
                _ => OpDispatcher.Run(node.Op!, Gather(values, node.Inputs)),
            };
            foreach (int input in node.Inputs)
            {
                if (lastUse[input] == i)
                {
                    values[input] = null; // liveness: let the GC reclaim buffers no later node reads
                }
            }
        }
        return graph.Outputs.Select(o => values[o] ?? throw new InvalidOperationException("Graph output was released early.")).ToArray();
    }

    private static Tensor[] Gather(Tensor?[] values, int[] ids)
    {
        var result = new Tensor[ids.Length];
        for (int i = 0; i < ids.Length; i++)
        {
            result[i] = values[ids[i]]!;
        }
        return result;
    }

    private static int[] LastUses(FunctionGraph graph)
    {
        var last = new int[graph.Nodes.Count];
        Array.Fill(last, -1);
        foreach (var node in graph.Nodes)
        {
            foreach (int input in node.Inputs)
            {
                last[input] = node.Id;
            }
        }
        foreach (int o in graph.Outputs)
        {
            last[o] = int.MaxValue; // outputs live past the run
        }
        return last;
    }
}
