namespace Trellis.Graph.Ir;

/// <summary>What a graph node is.</summary>
internal enum NodeKind
{
    /// <summary>The i-th argument of the function.</summary>
    Argument,
    /// <summary>A constant tensor captured by value while tracing.</summary>
    Constant,
    /// <summary>A variable captured by reference: read when the graph runs.</summary>
    Capture,
    /// <summary>An op applied to earlier nodes.</summary>
    Op,
}
