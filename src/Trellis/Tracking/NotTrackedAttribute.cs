namespace Trellis.Tracking;

/// <summary>Keeps a field or auto-property out of the object graph: it is not saved, restored or listed as a child.</summary>
[AttributeUsage(AttributeTargets.Field | AttributeTargets.Property, Inherited = true)]
public sealed class NotTrackedAttribute : Attribute
{
}
