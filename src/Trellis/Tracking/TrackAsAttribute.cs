namespace Trellis.Tracking;

/// <summary>Tracks a field or auto-property under <paramref name="name"/> instead of its member name.</summary>
/// <param name="name">The edge name in the object graph, and so in checkpoint keys.</param>
/// <remarks>Renaming changes checkpoint keys: checkpoints written with the old name no longer match.</remarks>
[AttributeUsage(AttributeTargets.Field | AttributeTargets.Property, Inherited = true)]
public sealed class TrackAsAttribute(string name) : Attribute
{
    /// <summary>The edge name.</summary>
    public string Name { get; } = name;
}
