using Trellis.Checkpoints.Proto;
using Trellis.Checkpoints.Storage;
using Trellis.Tracking;

namespace Trellis.Checkpoints;

/// <summary>
/// Saves and restores a graph of trackable objects (TensorFlow's <c>tf.train.Checkpoint</c>): the root of the graph,
/// whose named children are the objects to save. Files are TensorFlow TensorBundle V2 checkpoints with the same keys
/// TensorFlow writes, so checkpoints move between TensorFlow and Trellis.
/// </summary>
/// <remarks>
/// <para>Restoring matches the checkpoint's object graph to the live objects by following edge names from the root,
/// not by key strings: a variable reachable by two paths is one object on both sides, saved once and restored once.</para>
/// <para>Values for objects that do not exist yet are kept and applied when they are created (deferred restoration):
/// a model built after <see cref="Restore"/> gets the checkpoint's values instead of running its initializers.</para>
/// </remarks>
public sealed class Checkpoint : Trackable
{
    /// <summary>The edge name of the save counter, as TensorFlow.</summary>
    internal const string SaveCounterName = "save_counter";

    private readonly AsyncCheckpointWriter _writer = new();
    private readonly Lock _saveLock = new();
    [NotTracked]
    private readonly Trackable? _root;
    [NotTracked]
    private Variable? _saveCounter;

    /// <summary>
    /// Creates a checkpoint whose root is <paramref name="root"/> itself (TensorFlow's <c>tf.train.Checkpoint(root)</c>,
    /// and Keras's <c>save_weights</c> layout): keys start at the root's children, e.g.
    /// <c>layer_with_weights-0/kernel/.ATTRIBUTES/VARIABLE_VALUE</c>, and the save counter is recorded as a child
    /// <c>save_counter</c> of the root. Use it to read SavedModel <c>variables/variables</c> bundles and Keras weight files.
    /// </summary>
    /// <param name="root">The object at node 0 of the object graph.</param>
    /// <exception cref="ArgumentNullException"><paramref name="root"/> is null.</exception>
    public Checkpoint(Trackable root)
    {
        ArgumentNullException.ThrowIfNull(root);
        _root = root;
    }

    /// <summary>Creates a checkpoint whose root has the given children.</summary>
    /// <param name="children">(name, object) pairs: each object a <see cref="Trackable"/> or <see cref="Variable"/>, e.g.
    /// <c>new Checkpoint(("model", model), ("optimizer", model.Optimizer!))</c>. The names start every checkpoint key.</param>
    /// <exception cref="ArgumentException">A name is empty, repeated or <c>save_counter</c>, or an object is neither a Trackable nor a Variable.</exception>
    public Checkpoint(params (string Name, object Child)[] children)
    {
        ArgumentNullException.ThrowIfNull(children);
        foreach (var (name, child) in children)
        {
            if (name == SaveCounterName)
            {
                throw new ArgumentException($"'{SaveCounterName}' is reserved for the checkpoint's own save counter; name the child something else.", nameof(children));
            }
            if (child is not (Trackable or Variable))
            {
                throw new ArgumentException(
                    $"Checkpoint child '{name}' is a {child?.GetType().Name ?? "null"}; expected a Trackable (model, layer, optimizer) or a Variable.", nameof(children));
            }
            foreach (var kv in ExplicitChildren)
            {
                if (kv.Key == name)
                {
                    throw new ArgumentException($"Checkpoint child name '{name}' is given twice; each child needs its own name.", nameof(children));
                }
            }
            TrackCore(name, child);
        }
    }

    /// <summary>The number of <see cref="Save"/> calls (saved and restored with the checkpoint, as TensorFlow's <c>save_counter</c>).</summary>
    public long SaveCount => _saveCounter?.Item<long>() ?? 0;

    /// <summary>Where checkpoints are written and read; tests swap in an in-memory store.</summary>
    internal ICheckpointStorage Storage { get; set; } = BundleCheckpointStorage.Instance;

    /// <summary>Saves to <c>{prefix}-{N}</c> where N counts saves, and names it in the directory's <c>checkpoint</c> state file.</summary>
    /// <param name="prefix">The path prefix, e.g. <c>ckpts/ckpt</c>; the directory is created if needed.</param>
    /// <param name="options">Options; <see cref="CheckpointOptions.EnableAsync"/> returns before the files are written.</param>
    /// <returns>The checkpoint's path, e.g. <c>ckpts/ckpt-1</c> (files <c>ckpt-1.index</c>, <c>ckpt-1.data-00000-of-00001</c>).</returns>
    /// <exception cref="ArgumentException">The prefix is empty, or two children of an object share a name.</exception>
    /// <exception cref="IOException">Writing failed (for an async save: the previous save's failure surfaces here).</exception>
    public string Save(string prefix, CheckpointOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(prefix);
        lock (_saveLock)
        {
            _writer.Sync();
            var counter = EnsureSaveCounter();
            counter.Assign(Tensor.Constant(counter.Item<long>() + 1));
            string path = $"{prefix}-{counter.Item<long>()}";
            string directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
            WriteCore(path, options, () =>
            {
                if (Storage is BundleCheckpointStorage)
                {
                    string name = Path.GetFileName(path);
                    new CheckpointState(name, [name], [], null).Write(directory);
                }
            });
            return path;
        }
    }

    /// <summary>Writes to exactly <paramref name="prefix"/>, without counting the save or touching the state file.</summary>
    /// <param name="prefix">The checkpoint path.</param>
    /// <param name="options">Options, e.g. async writing.</param>
    /// <returns><paramref name="prefix"/>.</returns>
    /// <exception cref="ArgumentException">The prefix is empty, or two children of an object share a name.</exception>
    /// <exception cref="IOException">Writing failed (for an async write: the previous write's failure surfaces here).</exception>
    public string Write(string prefix, CheckpointOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(prefix);
        lock (_saveLock)
        {
            WriteCore(prefix, options, afterWrite: null);
            return prefix;
        }
    }

    /// <summary>Waits for an async save in flight to finish.</summary>
    /// <exception cref="IOException">The background write failed (any exception it threw is rethrown here, once).</exception>
    public void Sync() => _writer.Sync();

    /// <summary>
    /// Restores the values saved at <paramref name="path"/> into the live objects, and the save counter; values for
    /// objects that do not exist yet are applied when they are created. The latest restore wins.
    /// </summary>
    /// <param name="path">A checkpoint prefix (as returned by <see cref="Save"/>), a directory with a <c>checkpoint</c> state file
    /// (its latest checkpoint), or a SavedModel directory (its <c>variables/variables</c> bundle).</param>
    /// <returns>The status, to assert on and report.</returns>
    /// <exception cref="TrellisFormatException">No checkpoint at the path, a damaged file, or a TF1 name-based checkpoint without an object graph.</exception>
    public RestoreStatus Restore(string path) => RestoreCore(path, restoreSaveCounter: true);

    /// <summary>Like <see cref="Restore"/>, but leaves the save counter alone (for checkpoints made with <see cref="Write"/>).</summary>
    /// <param name="path">A checkpoint prefix.</param>
    /// <returns>The status.</returns>
    /// <exception cref="TrellisFormatException">No checkpoint at the path, a damaged file, or no object graph.</exception>
    public RestoreStatus Read(string path) => RestoreCore(path, restoreSaveCounter: false);

    /// <summary>Writes <paramref name="prefix"/>; then runs <paramref name="afterWrite"/> once the files are complete (in the background when async).</summary>
    internal void WriteCore(string prefix, CheckpointOptions? options, Action? afterWrite)
    {
        bool bypass = options?.BypassPageCache == true;
        if (options?.EnableAsync == true)
        {
            var snapshot = CheckpointSnapshot.Take(GraphRoot, copyValues: true, RootExtras());
            _writer.Start(() =>
            {
                Storage.Write(prefix, snapshot.Tensors, snapshot.ObjectGraph, bypass);
                afterWrite?.Invoke();
            });
            return;
        }
        _writer.Sync();
        var live = CheckpointSnapshot.Take(GraphRoot, copyValues: false, RootExtras());
        Storage.Write(prefix, live.Tensors, live.ObjectGraph, bypass);
        afterWrite?.Invoke();
    }

    /// <summary>The object at node 0: this checkpoint, or the root given to the constructor.</summary>
    internal Trackable GraphRoot => _root ?? this;

    /// <summary>The save counter, created (and so restored, if a restore is pending) on first use.</summary>
    internal Variable EnsureSaveCounter() =>
        _saveCounter ??= AddTrackedVariable(SaveCounterName, Shape.Scalar, DType.Int64, () => Tensor.Constant(0L), trainable: false);

    private RestoreStatus RestoreCore(string path, bool restoreSaveCounter)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        _writer.Sync();
        string prefix = path;
        if (Directory.Exists(path) && Storage is BundleCheckpointStorage)
        {
            string savedModelVariables = Path.Combine(path, "variables", "variables");
            prefix = CheckpointManager.Latest(path)
                ?? (File.Exists(savedModelVariables + ".index") ? savedModelVariables : null)
                ?? throw new TrellisFormatException(
                    $"'{path}' is a directory without a 'checkpoint' state file naming a complete checkpoint, and not a SavedModel " +
                    $"(no variables/variables.index). Pass a checkpoint prefix such as '{Path.Combine(path, "ckpt-1")}'.");
        }
        var source = Storage.Open(prefix);
        byte[] graphBytes = source.ReadObjectGraph() ?? throw new TrellisFormatException(
            $"Checkpoint '{prefix}' has no object graph ('_CHECKPOINTABLE_OBJECT_GRAPH'): it is a TF1 name-based checkpoint. " +
            "Read its values by key with CheckpointReader.Open(path) and assign them to your variables.");
        TrackableObjectGraph graph;
        try
        {
            graph = TrackableObjectGraph.Parser.ParseFrom(graphBytes);
        }
        catch (Google.Protobuf.InvalidProtocolBufferException e)
        {
            throw new TrellisFormatException($"Checkpoint '{prefix}': '_CHECKPOINTABLE_OBJECT_GRAPH' is not a valid TrackableObjectGraph. The checkpoint is corrupt.", e);
        }
        if (graph.Nodes.Count == 0)
        {
            throw new TrellisFormatException($"Checkpoint '{prefix}' has an empty object graph; expected at least the root node.");
        }
        var restoration = new CheckpointRestoration(source, graph, GraphRoot);
        restoration.Run();
        var counterEdge = graph.Nodes[0].Children.FirstOrDefault(c => c.LocalName == SaveCounterName);
        if (restoreSaveCounter && counterEdge is not null)
        {
            if (_root is null)
            {
                EnsureSaveCounter();   // restored through this checkpoint's pending binding
            }
            else
            {
                RestoreRootModeCounter(restoration, counterEdge.NodeId);
            }
        }
        return new RestoreStatus(restoration);
    }

    private KeyValuePair<string, object>[] RootExtras() =>
        _root is not null && _saveCounter is not null ? [new(SaveCounterName, _saveCounter)] : [];

    private void RestoreRootModeCounter(CheckpointRestoration restoration, int nodeId)
    {
        // With a model as root the counter is not one of the root's own children, so it is matched by hand.
        var counter = EnsureSaveCounter();
        lock (restoration.Sync)
        {
            if (restoration.TakeValue(nodeId, counter.Shape, counter.DType) is { } value)
            {
                counter.Assign(value);
                restoration.Bind(counter, nodeId, valueRestored: true);
            }
        }
    }
}
