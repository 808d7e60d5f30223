using Trellis.Tracking;

namespace Trellis.Checkpoints;

/// <summary>
/// Ties a live <see cref="Trackable"/> to one node of a checkpoint being restored, so children created or assigned
/// after the restore still get the checkpoint's values (deferred restoration).
/// </summary>
internal sealed class NodeBinding(CheckpointRestoration restoration, int nodeId) : RestoreBinding
{
    private readonly HashSet<string> _attached = new(StringComparer.Ordinal);

    public override long Uid => restoration.Uid;

    public override bool HasPendingChildren
    {
        get
        {
            lock (restoration.Sync)
            {
                foreach (var child in restoration.Graph.Nodes[nodeId].Children)
                {
                    // Children without values (TensorFlow's functions, signatures, keras_api) never need restoring.
                    if (!_attached.Contains(child.LocalName) && restoration.HasValues(child.NodeId))
                    {
                        return true;
                    }
                }
                return false;
            }
        }
    }

    /// <summary>Notes that child <paramref name="name"/> has been matched (under the restoration's lock).</summary>
    public void MarkAttached(string name) => _attached.Add(name);

    public override void Attach(Trackable owner, string name, object child, bool valueRestored)
    {
        lock (restoration.Sync)
        {
            int childId = ChildNode(name);
            if (childId < 0)
            {
                return;
            }
            _attached.Add(name);
            restoration.Bind(child, childId, valueRestored);
            restoration.ResolveSlots();
        }
    }

    public override Tensor? TakeVariableValue(Trackable owner, string name, Shape shape, DType dtype)
    {
        lock (restoration.Sync)
        {
            int childId = ChildNode(name);
            return childId < 0 ? null : restoration.TakeValue(childId, shape, dtype);
        }
    }

    public override Tensor? TakeSlotValue(Trackable optimizer, Variable original, string slotName, Shape shape, DType dtype)
    {
        lock (restoration.Sync)
        {
            int slotNode = restoration.SlotNodeOf(nodeId, original, slotName);
            return slotNode < 0 ? null : restoration.TakeValue(slotNode, shape, dtype);
        }
    }

    public override void SlotCreated(Trackable optimizer, Variable original, string slotName, Variable slot, bool valueRestored)
    {
        lock (restoration.Sync)
        {
            int slotNode = restoration.SlotNodeOf(nodeId, original, slotName);
            if (slotNode >= 0 && valueRestored)
            {
                restoration.Bind(slot, slotNode, valueRestored: true);
            }
        }
    }

    private int ChildNode(string name)
    {
        foreach (var child in restoration.Graph.Nodes[nodeId].Children)
        {
            if (child.LocalName == name)
            {
                return child.NodeId;
            }
        }
        return -1;
    }
}
