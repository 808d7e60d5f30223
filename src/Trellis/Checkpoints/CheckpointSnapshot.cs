using Google.Protobuf;
using Trellis.Checkpoints.Proto;
using Trellis.Tracking;

namespace Trellis.Checkpoints;

/// <summary>
/// What one save writes: the TrackableObjectGraph proto (one node per object, in TensorFlow's breadth-first order) and
/// each variable's value under its key, a variable reachable by two paths once.
/// </summary>
internal sealed class CheckpointSnapshot
{
    private CheckpointSnapshot(List<KeyValuePair<string, Tensor>> tensors, byte[] objectGraph)
    {
        Tensors = tensors;
        ObjectGraph = objectGraph;
    }

    /// <summary>(key, value) for every variable, sorted by key.</summary>
    public List<KeyValuePair<string, Tensor>> Tensors { get; }

    /// <summary>The serialized TrackableObjectGraph.</summary>
    public byte[] ObjectGraph { get; }

    /// <summary>Walks <paramref name="root"/>'s graph now.</summary>
    /// <param name="root">The checkpoint root.</param>
    /// <param name="copyValues">True to copy every value (async saves, so training can continue); false to reference the variables.</param>
    /// <param name="extraRootChildren">Children added to the root's own (the save counter when a model is the root).</param>
    public static CheckpointSnapshot Take(Trackable root, bool copyValues, IReadOnlyList<KeyValuePair<string, object>>? extraRootChildren = null)
    {
        var view = ObjectGraphView.Build(root, extraRootChildren);
        var graph = new TrackableObjectGraph();
        var tensors = new List<KeyValuePair<string, Tensor>>();
        foreach (var node in view.Nodes)
        {
            var proto = new TrackableObjectGraph.Types.TrackableObject();
            foreach (var (name, id) in node.Children)
            {
                proto.Children.Add(new TrackableObjectGraph.Types.TrackableObject.Types.ObjectReference { NodeId = id, LocalName = name });
            }
            if (node.Object is Variable variable)
            {
                string key = node.ValueKey;
                proto.Attributes.Add(new TrackableObjectGraph.Types.TrackableObject.Types.SerializedTensor
                {
                    Name = TrackableNaming.VariableValue,
                    FullName = variable.Name,
                    CheckpointKey = key,
                });
                tensors.Add(new(key, copyValues ? UnpooledCopy(variable) : variable));
            }
            foreach (var (originalId, slotName, slotId) in node.SlotVariables)
            {
                proto.SlotVariables.Add(new TrackableObjectGraph.Types.TrackableObject.Types.SlotVariableReference
                {
                    OriginalVariableNodeId = originalId,
                    SlotName = slotName,
                    SlotVariableNodeId = slotId,
                });
            }
            graph.Nodes.Add(proto);
        }
        MarkCheckpointValues(graph);
        tensors.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        return new CheckpointSnapshot(tensors, graph.ToByteArray());
    }

    // An async save writes the copy on another thread, possibly after the caller's TensorScope ended.
    private static Tensor UnpooledCopy(Variable variable)
    {
        using (Trellis.Tensors.TensorPool.Suspend())
        {
            return variable.Value();
        }
    }

    /// <summary>
    /// Sets <c>has_checkpoint_values</c> as TensorFlow 2.9+ does: true for nodes with saved values and every node on a
    /// path of child edges to one; slot variables do not mark their optimizer (they are not its children).
    /// </summary>
    private static void MarkCheckpointValues(TrackableObjectGraph graph)
    {
        var parents = new List<int>[graph.Nodes.Count];
        for (int id = 0; id < graph.Nodes.Count; id++)
        {
            foreach (var child in graph.Nodes[id].Children)
            {
                (parents[child.NodeId] ??= []).Add(id);
            }
        }
        var marked = new bool[graph.Nodes.Count];
        var stack = new Stack<int>();
        for (int id = 0; id < graph.Nodes.Count; id++)
        {
            if (graph.Nodes[id].Attributes.Count > 0 && !marked[id])
            {
                marked[id] = true;
                stack.Push(id);
            }
        }
        while (stack.Count > 0)
        {
            foreach (int parent in parents[stack.Pop()] ?? [])
            {
                if (!marked[parent])
                {
                    marked[parent] = true;
                    stack.Push(parent);
                }
            }
        }
        for (int id = 0; id < graph.Nodes.Count; id++)
        {
            graph.Nodes[id].HasCheckpointValues = marked[id];
        }
    }
}
