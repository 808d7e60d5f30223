using Trellis.Graph.Ir;
using Trellis.Operations;

namespace Trellis.Graph;

/// <summary>Records ops into a <see cref="FunctionGraph"/> instead of running them (the dispatcher's interceptor).</summary>
internal sealed class Tracer : IOpInterceptor
{
    private readonly FunctionGraph _graph;
    private readonly Dictionary<Tensor, int> _captured = new(ReferenceEqualityComparer.Instance);

    private Tracer(FunctionGraph graph) => _graph = graph;

    /// <summary>Runs <paramref name="body"/> on symbolic arguments of <paramref name="signature"/> and returns the graph it built.</summary>
    public static FunctionGraph Trace(TensorSpec[] signature, Func<Tensor[], Tensor[]> body)
    {
        var graph = new FunctionGraph { Signature = signature };
        var tracer = new Tracer(graph);
        var args = new Tensor[signature.Length];
        for (int i = 0; i < signature.Length; i++)
        {
            var node = tracer.Add(NodeKind.Argument, signature[i], argumentIndex: i);
            args[i] = new Tensor(signature[i].Shape, signature[i].DType, node);
        }
        var previousInterceptor = OpDispatcher.SetInterceptor(tracer);
        var outerTapes = OpDispatcher.SwapObservers(null); // tapes outside the function must not record symbolic ops
        try
        {
            Tensor[] outputs = body(args);
            graph.Outputs = outputs.Select(tracer.NodeOf).ToArray();
            return graph;
        }
        finally
        {
            OpDispatcher.SwapObservers(outerTapes);
            OpDispatcher.SetInterceptor(previousInterceptor);
        }
    }

    public Tensor Intercept(Op op, ReadOnlySpan<Tensor> inputs, TensorSpec output)
    {
        var ids = new int[inputs.Length];
        for (int i = 0; i < inputs.Length; i++)
        {
            ids[i] = NodeOf(inputs[i]);
        }
        var node = Add(NodeKind.Op, output, op: op, inputs: ids);
        return new Tensor(output.Shape, output.DType, node);
    }

    /// <summary>The node for a tensor: its own node if symbolic from this trace, else a capture (variables) or constant.</summary>
    private int NodeOf(Tensor t)
    {
        if (t.Symbol is Node n)
        {
            if (n.Id < _graph.Nodes.Count && ReferenceEquals(_graph.Nodes[n.Id], n))
            {
                return n.Id;
            }
            throw new InvalidOperationException("A symbolic tensor from another traced function was used here. Pass values between functions as arguments and results.");
        }
        if (_captured.TryGetValue(t, out int id))
        {
            return id;
        }
        var spec = new TensorSpec(t.Shape, t.DType);
        var node = t is Variable ? Add(NodeKind.Capture, spec, value: t) : Add(NodeKind.Constant, spec, value: t);
        _captured[t] = node.Id;
        return node.Id;
    }

    private Node Add(NodeKind kind, TensorSpec spec, Op? op = null, int[]? inputs = null, int argumentIndex = 0, Tensor? value = null)
    {
        var node = new Node { Id = _graph.Nodes.Count, Kind = kind, Spec = spec, Op = op, Inputs = inputs ?? [], ArgumentIndex = argumentIndex, Value = value };
        _graph.Nodes.Add(node);
        return node;
    }
}
