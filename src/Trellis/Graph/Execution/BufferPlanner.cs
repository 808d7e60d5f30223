using Trellis.Graph.Ir;

namespace Trellis.Graph.Execution;

/// <summary>
/// Assigns every op node of a fully shaped graph an output buffer, once, by liveness: a node's buffer returns to a
/// free list after its last reader runs, and a later node of the same dtype takes the smallest free buffer that
/// fits (at most twice its size). Element-wise ops whose same-shaped input dies at them write in place.
/// </summary>
internal static class BufferPlanner
{
    /// <summary>The plan: a buffer per node (null for arguments, constants, captures and unread side effects).</summary>
    public sealed record Plan(Tensor?[] Buffers, int[] LastUse, int DistinctBuffers, long TotalBytes, int InPlaceNodes);

    /// <summary>True when every node's shape is known, so buffers can be sized before the first call.</summary>
    public static bool CanPlan(FunctionGraph graph)
    {
        foreach (var node in graph.Nodes)
        {
            // Control flow runs subgraphs through the allocating executor; plan only straight-line graphs.
            if (!node.Spec.Shape.IsFullyDefined || node.Op?.GetType().Namespace == typeof(ControlFlow.CondOp).Namespace)
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>The last node reading each node; graph outputs live past the call (<see cref="int.MaxValue"/>), unread nodes -1.</summary>
    public static int[] LastUses(FunctionGraph graph)
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
            last[o] = int.MaxValue;
        }
        return last;
    }

    public static Plan Build(FunctionGraph graph, bool inPlace)
    {
        var nodes = graph.Nodes;
        int[] lastUse = LastUses(graph);
        var buffers = new Tensor?[nodes.Count];
        var free = new Dictionary<DType, List<Array>>();
        int distinct = 0, inPlaceCount = 0;
        long bytes = 0;
        foreach (var node in nodes)
        {
            if (NeedsBuffer(node, lastUse))
            {
                int size = node.Spec.Shape.Size;
                Array? storage = inPlace ? InPlaceCandidate(graph, node, buffers, lastUse) : null;
                if (storage is not null)
                {
                    inPlaceCount++;
                }
                else
                {
                    storage = Take(free, node.Spec.DType, size);
                }
                if (storage is null)
                {
                    storage = Tensor.AllocateUnpooled([Math.Max(size, 1)], node.Spec.DType).Storage; // the plan's own, never a scope's
                    distinct++;
                    bytes += (long)Math.Max(size, 1) * node.Spec.DType.SizeInBytes();
                }
                buffers[node.Id] = new Tensor(node.Spec.Shape, node.Spec.DType, storage);
                if (lastUse[node.Id] == -1)
                {
                    Release(free, buffers[node.Id]!); // computed for its effect only; nobody reads it
                }
            }
            foreach (int input in node.Inputs.Distinct())
            {
                if (lastUse[input] == node.Id && buffers[input] is { } dead && !ReferenceEquals(dead.Storage, buffers[node.Id]?.Storage))
                {
                    Release(free, dead);
                }
            }
        }
        return new Plan(buffers, lastUse, distinct, bytes, inPlaceCount);
    }

    /// <summary>Op nodes need a buffer, except side effects nobody reads (they run through Execute, which copies nothing).</summary>
    private static bool NeedsBuffer(Node node, int[] lastUse) =>
        node.Kind == NodeKind.Op && !(SideEffects.IsSideEffect(node) && lastUse[node.Id] == -1);

    /// <summary>An input buffer this element-wise node may overwrite: same dtype and shape, dying here, not an output.</summary>
    private static Array? InPlaceCandidate(FunctionGraph graph, Node node, Tensor?[] buffers, int[] lastUse)
    {
        if (node.Op is not { IsElementwise: true } || SideEffects.IsSideEffect(node))
        {
            return null;
        }
        foreach (int input in node.Inputs)
        {
            if (buffers[input] is { } b && lastUse[input] == node.Id && graph.Nodes[input].Spec == node.Spec)
            {
                return b.Storage;
            }
        }
        return null;
    }

    private static Array? Take(Dictionary<DType, List<Array>> free, DType dtype, int size)
    {
        if (!free.TryGetValue(dtype, out var list))
        {
            return null;
        }
        int best = -1;
        for (int i = 0; i < list.Count; i++)
        {
            int length = list[i].Length;
            if (length >= size && length <= 2 * Math.Max(size, 1) && (best < 0 || length < list[best].Length))
            {
                best = i;
            }
        }
        if (best < 0)
        {
            return null;
        }
        var storage = list[best];
        list.RemoveAt(best);
        return storage;
    }

    private static void Release(Dictionary<DType, List<Array>> free, Tensor buffer)
    {
        if (!free.TryGetValue(buffer.DType, out var list))
        {
            free[buffer.DType] = list = [];
        }
        if (!list.Contains(buffer.Storage))
        {
            list.Add(buffer.Storage);
        }
    }
}
