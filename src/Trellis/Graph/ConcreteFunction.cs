using Trellis.Graph.Execution;
using Trellis.Graph.Ir;
using Trellis.Operations;

namespace Trellis;

/// <summary>One trace of a <see cref="TracedFunction"/>: the graph for one input signature.</summary>
/// <remarks>
/// When every shape of the graph is known and <see cref="GraphOptions.PlannedExecution"/> is on, calls run on
/// buffers planned once per function (no allocation per call); with a <see cref="GradientTape"/> recording on the
/// thread, or while tracing another function, calls run op by op through the dispatcher so the tape sees them.
/// </remarks>
public sealed class ConcreteFunction
{
    private readonly GraphOptions _options;
    private PlannedExecutor? _planned;
    private bool _planTried;

    internal ConcreteFunction(FunctionGraph graph, GraphOptions? options = null)
    {
        Graph = graph;
        _options = options ?? GraphOptions.Default;
    }

    internal FunctionGraph Graph { get; }

    /// <summary>The argument specs this graph accepts (unknown dimensions accept any size).</summary>
    public IReadOnlyList<TensorSpec> InputSignature => Graph.Signature;

    /// <summary>Number of op nodes in the graph.</summary>
    public int OpCount => Graph.Nodes.Count(n => n.Kind == NodeKind.Op);

    /// <summary>Runs the graph. The results are new tensors that later calls do not change.</summary>
    /// <exception cref="ArgumentException">An argument does not fit the signature.</exception>
    public Tensor[] Invoke(params Tensor[] arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        CheckArguments(arguments);
        if (TryRunPlanned(arguments, out var outputs))
        {
            var copies = new Tensor[outputs.Length];
            for (int k = 0; k < outputs.Length; k++)
            {
                copies[k] = _planned!.OutputIsBuffer(k) ? Copy(outputs[k]) : outputs[k];
            }
            return copies;
        }
        return GraphExecutor.Run(Graph, arguments);
    }

    /// <summary>
    /// Runs the graph without allocating in the steady state: the results are the function's own output buffers,
    /// valid until the next call of this function (copy what you keep). Use it for training steps whose outputs are
    /// read at once; <see cref="Invoke"/> returns tensors that stay valid.
    /// </summary>
    /// <exception cref="ArgumentException">An argument does not fit the signature.</exception>
    public ReadOnlySpan<Tensor> InvokeBorrowed(params ReadOnlySpan<Tensor> arguments)
    {
        CheckArguments(arguments);
        return TryRunPlanned(arguments, out var outputs) ? outputs : GraphExecutor.Run(Graph, arguments.ToArray());
    }

    /// <summary>True when calls without a recording tape run on planned buffers (all shapes known, planning on).</summary>
    public bool IsPlanned => Planned() is not null;

    /// <summary>A readable listing of the graph: one node per line (<c>%3 = Mul(%0, %2) : int32(3,)</c>).</summary>
    public override string ToString() => Graph.Dump();

    internal PlannedExecutor? Planned()
    {
        if (!_planTried)
        {
            _planned = _options.PlannedExecution ? PlannedExecutor.TryCreate(Graph, _options.InPlaceUpdates) : null;
            _planTried = true;
        }
        return _planned;
    }

    private bool TryRunPlanned(ReadOnlySpan<Tensor> arguments, out Tensor[] outputs)
    {
        outputs = [];
        // A tape needs every intermediate as its own tensor, and a trace needs the ops recorded: both take the dispatcher.
        if (OpDispatcher.Observers.Count != 0 || OpDispatcher.Interceptor is not null)
        {
            return false;
        }
        foreach (var a in arguments)
        {
            if (a.IsSymbolic)
            {
                return false;
            }
        }
        return Planned() is { } planned && planned.TryRun(arguments, out outputs);
    }

    private void CheckArguments(ReadOnlySpan<Tensor> arguments)
    {
        var signature = Graph.Signature;
        bool fits = arguments.Length == signature.Length;
        for (int i = 0; fits && i < arguments.Length; i++)
        {
            ArgumentNullException.ThrowIfNull(arguments[i]);
            fits = arguments[i].DType == signature[i].DType && arguments[i].Shape.Rank == signature[i].Shape.Rank;
            for (int d = 0; fits && d < signature[i].Shape.Rank; d++)
            {
                int want = signature[i].Shape.Dims[d];
                fits = want == Shape.Unknown || want == arguments[i].Shape.Dims[d];
            }
        }
        if (!fits)
        {
            TracedFunction.CheckArguments(signature, arguments.ToArray()); // throws the detailed message
        }
    }

    private static Tensor Copy(Tensor t)
    {
        var copy = Tensor.Allocate(t.Shape, t.DType);
        t.BytesView().CopyTo(copy.BytesView());
        return copy;
    }
}
