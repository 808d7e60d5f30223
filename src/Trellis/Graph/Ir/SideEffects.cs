using Trellis.Operations;

namespace Trellis.Graph.Ir;

/// <summary>Facts about a graph's side-effect nodes (variable assignments) that passes must respect.</summary>
internal static class SideEffects
{
    /// <summary>True for a node that changes state: it is kept by dead-code elimination and never merged.</summary>
    public static bool IsSideEffect(Node node) => node.Op is ISideEffectOp;

    /// <summary>
    /// For each node, how many side-effect nodes come before it. A pass may move a read of a variable to a later
    /// position only within one epoch; across an assignment the value read would change.
    /// </summary>
    public static int[] Epochs(FunctionGraph graph)
    {
        var epochs = new int[graph.Nodes.Count];
        int epoch = 0;
        for (int i = 0; i < epochs.Length; i++)
        {
            epochs[i] = epoch;
            if (IsSideEffect(graph.Nodes[i]))
            {
                epoch++;
            }
        }
        return epochs;
    }
}
