using Trellis.Graph.Execution;
using Trellis.Graph.Ir;

namespace Trellis.Graph;

/// <summary>A branch or loop body traced inside a function: runs through the dispatcher like any graph.</summary>
internal sealed class Subgraph(FunctionGraph graph)
{
    public FunctionGraph Graph { get; } = graph;

    public IReadOnlyList<TensorSpec> Outputs => Graph.Outputs.Select(o => Graph.Nodes[o].Spec).ToArray();

    public Tensor[] Run(Tensor[] arguments) => GraphExecutor.Run(Graph, arguments);
}
