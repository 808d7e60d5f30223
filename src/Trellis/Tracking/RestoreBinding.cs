namespace Trellis.Tracking;

/// <summary>
/// The restore hook (DESIGN.md's inversion point): ties a live <see cref="Trackable"/> to a node of a checkpoint
/// being restored, so children that appear later still get their checkpoint values. Checkpoints implement it;
/// Tracking only calls it.
/// </summary>
internal abstract class RestoreBinding
{
    /// <summary>Increases with every restore; a newer binding replaces an older one on the same object (latest restore wins).</summary>
    public abstract long Uid { get; }

    /// <summary>True while the checkpoint node has children not yet matched to live objects.</summary>
    public abstract bool HasPendingChildren { get; }

    /// <summary>
    /// <paramref name="owner"/> has child <paramref name="child"/> under <paramref name="name"/>: restore it and its
    /// subtree from the checkpoint when the node has such a child. Repeated calls for the same child do nothing.
    /// </summary>
    /// <param name="owner">The bound object.</param>
    /// <param name="name">The edge name.</param>
    /// <param name="child">A Trackable or Variable.</param>
    /// <param name="valueRestored">True when the variable was just created from <see cref="TakeVariableValue"/>'s value.</param>
    public abstract void Attach(Trackable owner, string name, object child, bool valueRestored);

    /// <summary>The checkpoint value for a variable about to be created as child <paramref name="name"/>, or null.</summary>
    /// <remarks>A shape or dtype that differs from the checkpoint's is recorded as a mismatch and gives null.</remarks>
    public abstract Tensor? TakeVariableValue(Trackable owner, string name, Shape shape, DType dtype);

    /// <summary>The checkpoint value of slot <paramref name="slotName"/> of <paramref name="original"/> held by <paramref name="optimizer"/>, or null.</summary>
    public abstract Tensor? TakeSlotValue(Trackable optimizer, Variable original, string slotName, Shape shape, DType dtype);

    /// <summary>Records that <paramref name="slot"/> was created for (original, slot name), restored or not.</summary>
    public abstract void SlotCreated(Trackable optimizer, Variable original, string slotName, Variable slot, bool valueRestored);
}
