using Trellis.Graph.Execution;
using Trellis.Graph.Ir;

namespace Trellis;

/// <summary>One trace of a <see cref="TracedFunction"/>: the graph for one input signature.</summary>
public sealed class ConcreteFunction
{
    internal ConcreteFunction(FunctionGraph graph) => Graph = graph;

    internal FunctionGraph Graph { get; }

    /// <summary>The argument specs this graph accepts (unknown dimensions accept any size).</summary>
    public IReadOnlyList<TensorSpec> InputSignature => Graph.Signature;

    /// <summary>Number of op nodes in the graph.</summary>
    public int OpCount => Graph.Nodes.Count(n => n.Kind == NodeKind.Op);

    /// <summary>Runs the graph.</summary>
    /// <exception cref="ArgumentException">An argument does not fit the signature.</exception>
    public Tensor[] Invoke(params Tensor[] arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        TracedFunction.CheckArguments(Graph.Signature, arguments);
        return GraphExecutor.Run(Graph, arguments);
    }

    /// <summary>A readable listing of the graph: one node per line (<c>%3 = Mul(%0, %2) : int32(3,)</c>).</summary>
    public override string ToString() => Graph.Dump();
}
