using Trellis.Graph.Ir;
using Trellis.Operations;

namespace Trellis.Graph.Execution;

/// <summary>
/// Runs a fully shaped graph with buffers planned once (<see cref="BufferPlanner"/>): each call only fills the
/// argument slots of cached input arrays and calls every op's kernel on its preallocated output. No dispatcher, no
/// tensors, no arrays are allocated per call. The outputs it returns are its own buffers, overwritten by the next call.
/// </summary>
/// <remarks>
/// Ops run through <see cref="Op.Compute"/>, never <see cref="Op.Execute"/>, so views (reshape, squeeze) become copies
/// into planned buffers. A gradient tape cannot see these calls: callers use <see cref="GraphExecutor"/> whenever one
/// observes the thread. One call at a time: <see cref="TryRun"/> declines while another thread runs the plan.
/// </remarks>
internal sealed class PlannedExecutor
{
    private readonly Node[] _nodes;
    private readonly int[] _opNodes;
    private readonly int[] _argumentNodes;
    private readonly Tensor?[] _values;
    private readonly Tensor[][] _inputs;
    private readonly bool[] _executeOnly;
    private readonly int[] _outputIds;
    private readonly Tensor[] _outputs;
    private int _busy;

    private PlannedExecutor(FunctionGraph graph, BufferPlanner.Plan plan)
    {
        Plan = plan;
        _nodes = [.. graph.Nodes];
        _values = new Tensor?[_nodes.Length];
        _inputs = new Tensor[_nodes.Length][];
        _executeOnly = new bool[_nodes.Length];
        var ops = new List<int>();
        var args = new List<int>();
        foreach (var node in _nodes)
        {
            switch (node.Kind)
            {
                case NodeKind.Argument:
                    args.Add(node.Id);
                    break;
                case NodeKind.Constant or NodeKind.Capture:
                    _values[node.Id] = node.Value; // a capture is the variable itself: kernels read its current storage
                    break;
                default:
                    ops.Add(node.Id);
                    _inputs[node.Id] = new Tensor[node.Inputs.Length];
                    _values[node.Id] = plan.Buffers[node.Id];
                    _executeOnly[node.Id] = plan.Buffers[node.Id] is null; // an unread assignment
                    break;
            }
        }
        _opNodes = [.. ops];
        _argumentNodes = [.. args];
        _outputIds = graph.Outputs;
        _outputs = new Tensor[_outputIds.Length];
    }

    /// <summary>The buffer plan (for tests and dumps).</summary>
    public BufferPlanner.Plan Plan { get; }

    /// <summary>A planned executor for <paramref name="graph"/>, or null when some shape is unknown.</summary>
    public static PlannedExecutor? TryCreate(FunctionGraph graph, bool inPlace) =>
        BufferPlanner.CanPlan(graph) ? new PlannedExecutor(graph, BufferPlanner.Build(graph, inPlace)) : null;

    /// <summary>
    /// Runs the graph; false (and nothing run) when another call is in progress. The returned array and the op
    /// outputs in it are reused by the next call.
    /// </summary>
    public bool TryRun(ReadOnlySpan<Tensor> arguments, out Tensor[] outputs)
    {
        if (Interlocked.CompareExchange(ref _busy, 1, 0) != 0)
        {
            outputs = [];
            return false;
        }
        try
        {
            foreach (int id in _argumentNodes)
            {
                _values[id] = arguments[_nodes[id].ArgumentIndex];
            }
            var profile = Profile;
            foreach (int id in _opNodes)
            {
                var node = _nodes[id];
                Tensor[] inputs = _inputs[id];
                int[] inputIds = node.Inputs;
                for (int k = 0; k < inputs.Length; k++)
                {
                    inputs[k] = _values[inputIds[k]]!;
                }
                long started = profile is null ? 0 : System.Diagnostics.Stopwatch.GetTimestamp();
                if (_executeOnly[id])
                {
                    node.Op!.Execute(inputs, node.Spec); // an assignment: returns its input, allocates nothing
                }
                else
                {
                    node.Op!.Compute(inputs, _values[id]!);
                }
                if (profile is not null)
                {
                    Record(profile, id, System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMicroseconds);
                }
            }
            for (int k = 0; k < _outputIds.Length; k++)
            {
                _outputs[k] = _values[_outputIds[k]]!;
            }
            foreach (int id in _argumentNodes)
            {
                _values[id] = null; // the cached input arrays still hold them until the next call; that is all
            }
            outputs = _outputs;
            return true;
        }
        finally
        {
            Volatile.Write(ref _busy, 0);
        }
    }

    /// <summary>When set (benchmarks only), each op's time is added to its entry, keyed by node: where a step spends its time.</summary>
    internal static Dictionary<string, double>? Profile { get; set; }

    private void Record(Dictionary<string, double> profile, int id, double microseconds)
    {
        var node = _nodes[id];
        string key = $"%{id} {node.Op} {node.Spec}";
        profile[key] = profile.GetValueOrDefault(key) + microseconds;
    }

    /// <summary>True when output <paramref name="index"/> is one of the plan's buffers (so it must be copied to outlive the next call).</summary>
    public bool OutputIsBuffer(int index) => Plan.Buffers[_outputIds[index]] is not null;
}
