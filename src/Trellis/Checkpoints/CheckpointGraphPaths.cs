using Trellis.Checkpoints.Proto;

namespace Trellis.Checkpoints;

/// <summary>Readable paths of a checkpoint's object-graph nodes, found breadth-first from node 0 as when it was saved.</summary>
internal static class CheckpointGraphPaths
{
    /// <summary>One path per node: edge names joined by '/'; slot nodes as <c>var/.OPTIMIZER_SLOT/optimizer/slot</c>.</summary>
    public static string[] Compute(TrackableObjectGraph graph)
    {
        var paths = new string?[graph.Nodes.Count];
        if (paths.Length == 0)
        {
            return [];
        }
        paths[0] = "";
        var queue = new Queue<int>();
        queue.Enqueue(0);
        while (queue.Count > 0)
        {
            int id = queue.Dequeue();
            foreach (var child in graph.Nodes[id].Children)
            {
                if (child.NodeId >= 0 && child.NodeId < paths.Length && paths[child.NodeId] is null)
                {
                    paths[child.NodeId] = paths[id]!.Length == 0 ? child.LocalName : $"{paths[id]}/{child.LocalName}";
                    queue.Enqueue(child.NodeId);
                }
            }
        }
        for (int id = 0; id < paths.Length; id++)
        {
            foreach (var slot in graph.Nodes[id].SlotVariables)
            {
                int s = slot.SlotVariableNodeId, o = slot.OriginalVariableNodeId;
                if (s >= 0 && s < paths.Length && paths[s] is null && o >= 0 && o < paths.Length)
                {
                    paths[s] = $"{paths[o] ?? $"(node {o})"}/.OPTIMIZER_SLOT/{paths[id]}/{slot.SlotName}";
                }
            }
        }
        var result = new string[paths.Length];
        for (int i = 0; i < paths.Length; i++)
        {
            result[i] = i == 0 ? "(root)" : paths[i] ?? $"(unreachable node {i})";
        }
        return result;
    }
}
