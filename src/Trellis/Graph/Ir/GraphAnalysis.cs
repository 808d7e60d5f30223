namespace Trellis.Graph.Ir;

/// <summary>Facts about a graph's edges that passes need.</summary>
internal static class GraphAnalysis
{
    /// <summary>How many reads each node has; a graph output counts as one more read (it must stay materialized).</summary>
    public static int[] Uses(FunctionGraph graph)
    {
        var uses = new int[graph.Nodes.Count];
        foreach (var node in graph.Nodes)
        {
            foreach (int i in node.Inputs)
            {
                uses[i]++;
            }
        }
        foreach (int o in graph.Outputs)
        {
            uses[o]++;
        }
        return uses;
    }
}
