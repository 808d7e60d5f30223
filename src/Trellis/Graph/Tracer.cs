using Trellis.Graph.Ir;
using Trellis.Operations;

namespace Trellis.Graph;

/// <summary>
/// Records ops into a <see cref="FunctionGraph"/> instead of running them (the dispatcher's interceptor). A nested
/// tracer (a branch of <c>Ops.Cond</c> or a loop body) turns symbolic tensors of enclosing traces into extra
/// arguments of its subgraph and lists them in <see cref="OuterCaptures"/>.
/// </summary>
internal sealed class Tracer : IOpInterceptor
{
    private readonly FunctionGraph _graph;
    private readonly Tracer? _parent;
    private readonly Dictionary<Tensor, int> _captured = new(ReferenceEqualityComparer.Instance);

    private Tracer(FunctionGraph graph, Tracer? parent)
    {
        _graph = graph;
        _parent = parent;
    }

    /// <summary>Outer symbolic tensors the subgraph reads, in argument order after the explicit arguments.</summary>
    public List<Tensor> OuterCaptures { get; } = [];

    /// <summary>Runs <paramref name="body"/> on symbolic arguments of <paramref name="signature"/> and returns the graph it built.</summary>
    public static FunctionGraph Trace(TensorSpec[] signature, Func<Tensor[], Tensor[]> body) =>
        TraceNested(signature, body, parent: null, out _);

    private static FunctionGraph TraceNested(TensorSpec[] signature, Func<Tensor[], Tensor[]> body, Tracer? parent, out List<Tensor> outerCaptures)
    {
        var graph = new FunctionGraph { Signature = signature };
        var tracer = new Tracer(graph, parent);
        var args = new Tensor[signature.Length];
        for (int i = 0; i < signature.Length; i++)
        {
            var node = tracer.Add(NodeKind.Argument, signature[i], argumentIndex: i);
            args[i] = new Tensor(signature[i].Shape, signature[i].DType, node);
        }
        var previousInterceptor = OpDispatcher.SetInterceptor(tracer);
        var outerTapes = OpDispatcher.SwapObservers(null); // tapes outside the function must not record symbolic ops
        // Concrete tensors a body makes become graph constants, kept for every call: no TensorScope may pool them.
        using var unpooled = Tensors.TensorPool.Suspend();
        try
        {
            Tensor[] outputs = body(args);
            graph.Outputs = outputs.Select(tracer.NodeOf).ToArray();
            graph.Signature = [.. signature, .. tracer.OuterCaptures.Select(t => new TensorSpec(t.Shape, t.DType))];
            outerCaptures = tracer.OuterCaptures;
            return graph;
        }
        finally
        {
            OpDispatcher.SwapObservers(outerTapes);
            OpDispatcher.SetInterceptor(previousInterceptor);
        }
    }

    /// <summary>Traces a branch or loop body inside this trace.</summary>
    public Subgraph TraceSubgraph(TensorSpec[] signature, Func<Tensor[], Tensor[]> body, out Tensor[] outerCaptures)
    {
        var graph = TraceNested(signature, body, this, out var captures);
        outerCaptures = [.. captures];
        return new Subgraph(graph);
    }

    public Tensor Cond(Tensor predicate, Func<Tensor> whenTrue, Func<Tensor> whenFalse) =>
        ControlFlow.ControlFlowBuilder.Cond(this, predicate, whenTrue, whenFalse);

    public Tensor[] WhileLoop(Func<Tensor[], Tensor> condition, Func<Tensor[], Tensor[]> body, Tensor[] loopVariables, int maximumIterations) =>
        ControlFlow.ControlFlowBuilder.WhileLoop(this, condition, body, loopVariables, maximumIterations);

    public Tensor Intercept(Op op, ReadOnlySpan<Tensor> inputs, TensorSpec output)
    {
        var ids = new int[inputs.Length];
        for (int i = 0; i < inputs.Length; i++)
        {
            ids[i] = NodeOf(inputs[i]);
        }
        if (op is ISideEffectOp sideEffect)
        {
            if (_parent is not null)
            {
                throw new NotSupportedException($"{op.Name}: assigning a variable inside an Ops.Cond branch or an Ops.WhileLoop body is not supported. Assign after the Cond or loop, from its result.");
            }
            // Reads of the variable after the assignment get a new capture node, so no pass can merge them with
            // reads before it (common subexpressions) or move them across it.
            foreach (int written in sideEffect.WrittenInputs)
            {
                _captured.Remove(inputs[written]);
            }
        }
        var node = Add(NodeKind.Op, output, op: op, inputs: ids);
        return new Tensor(output.Shape, output.DType, node);
    }

    private bool Owns(Node n) => n.Id < _graph.Nodes.Count && ReferenceEquals(_graph.Nodes[n.Id], n);

    private bool AncestorOwns(Node n) => _parent is not null && (_parent.Owns(n) || _parent.AncestorOwns(n));

    /// <summary>The node for a tensor: its own node if symbolic from this trace, else a capture (variables) or constant.</summary>
    private int NodeOf(Tensor t)
    {
        if (_captured.TryGetValue(t, out int id))
        {
            return id;
        }
        var spec = new TensorSpec(t.Shape, t.DType);
        if (t.Symbol is Node n)
        {
            if (Owns(n))
            {
                return n.Id;
            }
            if (!AncestorOwns(n))
            {
                throw new InvalidOperationException("A symbolic tensor from another traced function was used here. Pass values between functions as arguments and results.");
            }
            return CaptureOuter(t, spec); // a tensor of an enclosing trace
        }
        if (t is Variable && _parent is not null)
        {
            // A variable read in a branch or loop body becomes an input of the control-flow op, read by the enclosing
            // graph: a tape then sees the read (its gradient flows), and no pass folds the op as if it read constants.
            return CaptureOuter(t, spec);
        }
        var node = t is Variable ? Add(NodeKind.Capture, spec, value: t) : Add(NodeKind.Constant, spec, value: t);
        _captured[t] = node.Id;
        return node.Id;
    }

    /// <summary>An outer tensor as an extra argument of this subgraph, placed after the explicit ones.</summary>
    private int CaptureOuter(Tensor t, TensorSpec spec)
    {
        var arg = Add(NodeKind.Argument, spec, argumentIndex: _graph.Signature.Length + OuterCaptures.Count);
        OuterCaptures.Add(t);
        _captured[t] = arg.Id;
        return arg.Id;
    }

    private Node Add(NodeKind kind, TensorSpec spec, Op? op = null, int[]? inputs = null, int argumentIndex = 0, Tensor? value = null)
    {
        var node = new Node { Id = _graph.Nodes.Count, Kind = kind, Spec = spec, Op = op, Inputs = inputs ?? [], ArgumentIndex = argumentIndex, Value = value };
        _graph.Nodes.Add(node);
        return node;
    }
}
