namespace Trellis.Reporting;

/// <summary>A named edge of a checkpoint's object graph: a child, or an optimizer slot variable.</summary>
/// <param name="Name">The child's local name (<c>layer_with_weights-0</c>, <c>kernel</c>) or the slot name (<c>m</c>, <c>v</c>).</param>
/// <param name="NodeId">The node it points to.</param>
/// <param name="SlotOfNodeId">For a slot variable, the node of the variable it belongs to; otherwise null.</param>
public sealed record ObjectGraphEdge(string Name, int NodeId, int? SlotOfNodeId = null);
