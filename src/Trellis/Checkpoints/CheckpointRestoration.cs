using Trellis.Checkpoints.Proto;
using Trellis.Checkpoints.Storage;
using Trellis.Tracking;

namespace Trellis.Checkpoints;

/// <summary>
/// One restore: matches the checkpoint's object graph to live objects by walking edge names from the root (never by
/// key strings), so a variable shared by two paths is one node on both sides and is read once. Objects whose children
/// do not exist yet keep a <see cref="NodeBinding"/> that finishes the job when they appear (deferred restoration).
/// </summary>
internal sealed partial class CheckpointRestoration
{
    private static long s_nextUid;

    private readonly Dictionary<int, object> _objectByNode = [];
    private readonly Dictionary<object, int> _nodeByObject = new(ReferenceEqualityComparer.Instance);
    private readonly HashSet<int> _restoredValues = [];
    private readonly Dictionary<string, RestoreMismatch> _mismatches = new(StringComparer.Ordinal);
    private readonly List<(Trackable Optimizer, int NodeId)> _slotOwners = [];
    private readonly string[] _nodePaths;
    private List<(Variable Variable, string Key, int NodeId)>? _batch;

    public CheckpointRestoration(ICheckpointSource source, TrackableObjectGraph graph, Trackable root)
    {
        Uid = Interlocked.Increment(ref s_nextUid);
        Source = source;
        Graph = graph;
        Root = root;
        _nodePaths = CheckpointGraphPaths.Compute(graph);
    }

    public long Uid { get; }

    public ICheckpointSource Source { get; }

    public TrackableObjectGraph Graph { get; }

    public Trackable Root { get; }

    /// <summary>Guards every structure here: deferred restores may run on any thread that creates a variable.</summary>
    public Lock Sync { get; } = new();

    /// <summary>Matches the root to node 0 and restores everything reachable now.</summary>
    public void Run()
    {
        lock (Sync)
        {
            _batch = [];
            try
            {
                Bind(Root, 0, valueRestored: false);
                ResolveSlots();
                ReadBatch(_batch);
            }
            finally
            {
                _batch = null;
            }
        }
    }

    /// <summary>A readable path of checkpoint node <paramref name="nodeId"/>.</summary>
    public string PathOf(int nodeId) => _nodePaths[nodeId];

    /// <summary>The checkpoint key holding node <paramref name="nodeId"/>'s value, or null when it has none.</summary>
    public string? ValueKeyOf(int nodeId)
    {
        foreach (var attribute in Graph.Nodes[nodeId].Attributes)
        {
            if (attribute.Name == TrackableNaming.VariableValue)
            {
                return attribute.CheckpointKey;
            }
        }
        return null;
    }

    /// <summary>
    /// Whether node <paramref name="nodeId"/> or anything below it holds values: <c>has_checkpoint_values</c> when the
    /// writer set it, else TensorFlow's fallback (the node has children, attributes, slots or a registered saver).
    /// </summary>
    public bool HasValues(int nodeId)
    {
        var node = Graph.Nodes[nodeId];
        return node.HasCheckpointValues is { } flag
            ? flag
            : node.Children.Count > 0 || node.Attributes.Count > 0 || node.SlotVariables.Count > 0 || node.RegisteredSaver is not null;
    }

    /// <summary>Matches <paramref name="live"/> with checkpoint node <paramref name="nodeId"/> and restores it and its subtree.</summary>
    public void Bind(object live, int nodeId, bool valueRestored)
    {
        if (_nodeByObject.TryGetValue(live, out int known))
        {
            // Already matched (a tied object reached by a second edge, or a repeated Attach): restore once.
            if (known != nodeId)
            {
                _objectByNode.TryAdd(nodeId, live);
            }
            return;
        }
        _nodeByObject.Add(live, nodeId);
        _objectByNode.TryAdd(nodeId, live);
        switch (live)
        {
            case Variable variable:
                if (valueRestored)
                {
                    _restoredValues.Add(nodeId);
                }
                else
                {
                    RestoreVariable(variable, nodeId);
                }
                break;
            case Trackable trackable:
                BindTrackable(trackable, nodeId);
                break;
        }
    }

    /// <summary>A fresh tensor with node <paramref name="nodeId"/>'s value if it fits (shape, dtype); records a mismatch otherwise.</summary>
    public Tensor? TakeValue(int nodeId, Shape shape, DType dtype)
    {
        string? key = ValueKeyOf(nodeId);
        if (key is null || !Source.TryGetSpec(key, out var spec))
        {
            return null;
        }
        if (spec.Shape != shape || spec.DType != dtype)
        {
            _mismatches[PathOf(nodeId)] = new RestoreMismatch(PathOf(nodeId), new TensorSpec(shape, dtype), spec);
            return null;
        }
        return Source.ReadTensor(key);
    }

    /// <summary>The checkpoint node matched to <paramref name="live"/>, or -1.</summary>
    public int NodeOf(object live) => _nodeByObject.TryGetValue(live, out int id) ? id : -1;

    /// <summary>Restores slots whose optimizer, original variable and slot variable all exist and are not yet matched.</summary>
    public void ResolveSlots()
    {
        foreach (var (optimizer, nodeId) in _slotOwners)
        {
            var liveSlots = optimizer.SlotVariables().ToList();
            foreach (var reference in Graph.Nodes[nodeId].SlotVariables)
            {
                if (_objectByNode.ContainsKey(reference.SlotVariableNodeId) ||
                    !_objectByNode.TryGetValue(reference.OriginalVariableNodeId, out var original))
                {
                    continue;
                }
                foreach (var (slotName, liveOriginal, slot) in liveSlots)
                {
                    if (slotName == reference.SlotName && ReferenceEquals(liveOriginal, original))
                    {
                        Bind(slot, reference.SlotVariableNodeId, valueRestored: false);
                    }
                }
            }
        }
    }

    /// <summary>The slot node for (original variable, slot name) under optimizer node <paramref name="optimizerNode"/>, or -1.</summary>
    public int SlotNodeOf(int optimizerNode, Variable original, string slotName)
    {
        if (!_nodeByObject.TryGetValue(original, out int originalNode))
        {
            return -1;
        }
        foreach (var reference in Graph.Nodes[optimizerNode].SlotVariables)
        {
            if (reference.OriginalVariableNodeId == originalNode && reference.SlotName == slotName)
            {
                return reference.SlotVariableNodeId;
            }
        }
        return -1;
    }

    private void BindTrackable(Trackable trackable, int nodeId)
    {
        var binding = new NodeBinding(this, nodeId);
        var node = Graph.Nodes[nodeId];
        if (node.SlotVariables.Count > 0)
        {
            _slotOwners.Add((trackable, nodeId));
        }
        var children = trackable.GetTrackedChildren();
        foreach (var reference in node.Children)
        {
            foreach (var (name, child) in children)
            {
                if (name == reference.LocalName)
                {
                    binding.MarkAttached(name);
                    Bind(child, reference.NodeId, valueRestored: false);
                    break;
                }
            }
        }
        // Set after the children so a newer binding is installed only once this subtree is consistent.
        trackable.Binding = binding;
    }

    private void RestoreVariable(Variable variable, int nodeId)
    {
        string? key = ValueKeyOf(nodeId);
        if (key is null || !Source.TryGetSpec(key, out var spec))
        {
            return;
        }
        if (spec.Shape != variable.Shape || spec.DType != variable.DType)
        {
            _mismatches[PathOf(nodeId)] = new RestoreMismatch(PathOf(nodeId), new TensorSpec(variable.Shape, variable.DType), spec);
            return;
        }
        if (_batch is not null)
        {
            _batch.Add((variable, key, nodeId));
            return;
        }
        // PERF: straight into the variable's buffer, no intermediate tensor.
        Source.ReadInto(key, variable.BytesView());
        variable.MarkWritten();
        _restoredValues.Add(nodeId);
    }

    /// <summary>Reads the variables matched by one restore, several at a time.</summary>
    private void ReadBatch(List<(Variable Variable, string Key, int NodeId)> batch)
    {
        // PERF: CheckpointBenchmarks.CheckpointRestore — reading is cheap from the page cache, the CRC32C check of
        // every byte is not; checking several variables at once uses every core. Largest first balances the load.
        batch.Sort((a, b) => b.Variable.Size.CompareTo(a.Variable.Size));
        try
        {
            Parallel.ForEach(batch, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, item =>
            {
                Source.ReadInto(item.Key, item.Variable.BytesView());
            });
        }
        catch (AggregateException e) when (e.InnerExceptions.Count >= 1)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
        }
        foreach (var (variable, _, nodeId) in batch)
        {
            variable.MarkWritten();
            _restoredValues.Add(nodeId);
        }
    }
}
