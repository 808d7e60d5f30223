namespace Trellis.Tracking;

/// <summary>
/// A snapshot of the object graph reachable from a root, walked breadth-first as TensorFlow does
/// (checkpoint/graph_view.py): each object gets one node id in the order it is first reached, and its path is the
/// first (so shortest) one found, so an object reachable two ways is saved once, under its shortest path.
/// </summary>
internal sealed class ObjectGraphView
{
    private readonly Dictionary<object, int> _ids = new(ReferenceEqualityComparer.Instance);

    private ObjectGraphView(Trackable root, IReadOnlyList<KeyValuePair<string, object>> extraRootChildren)
    {
        Walk(root, extraRootChildren);
        SerializeSlots();
    }

    /// <summary>The nodes in id order: the root first, then breadth-first, then slot variables.</summary>
    public List<GraphNode> Nodes { get; } = [];

    /// <summary>Walks the graph of <paramref name="root"/> as it is now.</summary>
    /// <param name="root">The root object (node 0).</param>
    /// <param name="extraRootChildren">Children added to the root's own, e.g. a checkpoint's save counter when a model is the root.</param>
    /// <exception cref="ArgumentException">Some object has two children with one name.</exception>
    public static ObjectGraphView Build(Trackable root, IReadOnlyList<KeyValuePair<string, object>>? extraRootChildren = null)
    {
        ArgumentNullException.ThrowIfNull(root);
        return new ObjectGraphView(root, extraRootChildren ?? []);
    }

    /// <summary>The node id of <paramref name="obj"/>, or -1 when it is not in the graph.</summary>
    public int IdOf(object obj) => _ids.TryGetValue(obj, out int id) ? id : -1;

    /// <summary>Every variable node (one per variable, shared variables once), in node order.</summary>
    public IEnumerable<GraphNode> VariableNodes()
    {
        foreach (var node in Nodes)
        {
            if (node.Object is Variable)
            {
                yield return node;
            }
        }
    }

    private void Walk(Trackable root, IReadOnlyList<KeyValuePair<string, object>> extraRootChildren)
    {
        Add(root, [], isSlot: false);
        var queue = new Queue<GraphNode>();
        queue.Enqueue(Nodes[0]);
        while (queue.Count > 0)
        {
            var node = queue.Dequeue();
            if (node.Object is not Trackable trackable)
            {
                continue;
            }
            var children = trackable.GetTrackedChildren();
            if (node.Id == 0 && extraRootChildren.Count > 0)
            {
                children = [.. children, .. extraRootChildren];
            }
            foreach (var (name, child) in children)
            {
                if (!_ids.TryGetValue(child, out int id))
                {
                    var childNode = Add(child, [.. node.Edges, name], isSlot: false);
                    queue.Enqueue(childNode);
                    id = childNode.Id;
                }
                node.Children.Add((name, id));
            }
        }
    }

    private void SerializeSlots()
    {
        int count = Nodes.Count;   // slots of slots are not a thing: only objects found by the walk own slots
        for (int i = 0; i < count; i++)
        {
            if (Nodes[i].Object is not Trackable optimizer)
            {
                continue;
            }
            foreach (var (slotName, original, slot) in optimizer.SlotVariables())
            {
                // TensorFlow saves a slot only when its original variable is saved.
                if (!_ids.TryGetValue(original, out int originalId))
                {
                    continue;
                }
                if (!_ids.TryGetValue(slot, out int slotId))
                {
                    var slotNode = Add(slot, [], isSlot: true);
                    slotNode.ObjectPath = TrackableNaming.SlotPath(Nodes[originalId].ObjectPath, Nodes[i].ObjectPath, slotName);
                    slotNode.DisplayPath = $"{Nodes[originalId].DisplayPath}/.OPTIMIZER_SLOT/{Nodes[i].DisplayPath}/{slotName}";
                    slotId = slotNode.Id;
                }
                Nodes[i].SlotVariables.Add((originalId, slotName, slotId));
            }
        }
    }

    private GraphNode Add(object obj, List<string> edges, bool isSlot)
    {
        var node = new GraphNode(Nodes.Count, obj, edges)
        {
            ObjectPath = isSlot ? "" : TrackableNaming.ObjectPath(edges),
            DisplayPath = TrackableNaming.Display(edges),
        };
        _ids.Add(obj, node.Id);
        Nodes.Add(node);
        return node;
    }
}

/// <summary>One object of an <see cref="ObjectGraphView"/>.</summary>
internal sealed class GraphNode(int id, object obj, List<string> edges)
{
    /// <summary>The node id (index in the TrackableObjectGraph).</summary>
    public int Id { get; } = id;

    /// <summary>The Trackable or Variable.</summary>
    public object Object { get; } = obj;

    /// <summary>The edge names of the shortest path from the root (empty for the root and for slot variables).</summary>
    public List<string> Edges { get; } = edges;

    /// <summary>The escaped path used in checkpoint keys.</summary>
    public required string ObjectPath { get; set; }

    /// <summary>The unescaped path for messages.</summary>
    public required string DisplayPath { get; set; }

    /// <summary>(edge name, child node id), in child order; shared children appear under every name.</summary>
    public List<(string Name, int Id)> Children { get; } = [];

    /// <summary>(original variable node, slot name, slot variable node) for an optimizer.</summary>
    public List<(int OriginalId, string SlotName, int SlotId)> SlotVariables { get; } = [];

    /// <summary>The checkpoint key of a variable node's value.</summary>
    public string ValueKey => TrackableNaming.AttributeKey(ObjectPath);
}
