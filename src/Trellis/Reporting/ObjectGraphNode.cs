namespace Trellis.Reporting;

/// <summary>One node of a TF2 checkpoint's object graph (<c>TrackableObjectGraph.TrackableObject</c>).</summary>
/// <param name="Id">The node's index; node 0 is the root.</param>
/// <param name="Children">Its children, then its slot variables.</param>
/// <param name="Attributes">Attribute name → checkpoint key of each value it saved (<c>VARIABLE_VALUE</c> → <c>.../kernel/.ATTRIBUTES/VARIABLE_VALUE</c>).</param>
public sealed record ObjectGraphNode(int Id, IReadOnlyList<ObjectGraphEdge> Children, IReadOnlyList<KeyValuePair<string, string>> Attributes);
