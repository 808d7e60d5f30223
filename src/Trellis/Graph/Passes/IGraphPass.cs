using Trellis.Graph.Ir;

namespace Trellis.Graph.Passes;

/// <summary>A graph-to-graph rewrite that keeps the function's results (bit-exact unless documented otherwise).</summary>
internal interface IGraphPass
{
    /// <summary>The pass's name in dumps and diagnostics.</summary>
    string Name { get; }

    /// <summary>Returns the rewritten graph (may be the same instance when nothing changed).</summary>
    FunctionGraph Run(FunctionGraph graph);
}
