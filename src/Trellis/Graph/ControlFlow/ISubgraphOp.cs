namespace Trellis.Graph.ControlFlow;

/// <summary>
/// An op that runs traced subgraphs (Cond branches, loop condition and body). Two such ops with the same inputs are
/// different computations, so common-subexpression elimination never merges them; dumps list their subgraphs.
/// </summary>
internal interface ISubgraphOp
{
    /// <summary>The subgraphs with a label each (<c>then</c>, <c>else</c>, <c>cond</c>, <c>body</c>).</summary>
    IReadOnlyList<(string Label, Subgraph Graph)> Subgraphs { get; }
}
