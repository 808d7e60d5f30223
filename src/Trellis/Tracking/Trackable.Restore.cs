namespace Trellis.Tracking;

public abstract partial class Trackable
{
    private RestoreBinding? _binding;

    /// <summary>The pending restore this object is bound to, if any (set by checkpoint restores).</summary>
    internal RestoreBinding? Binding
    {
        get => _binding;
        set
        {
            // Latest restore wins: an older binding never replaces a newer one.
            if (value is null || _binding is null || value.Uid >= _binding.Uid)
            {
                _binding = value;
                if (value is { HasPendingChildren: true })
                {
                    DeferredRestorations.Register(this);
                }
            }
        }
    }

    /// <summary>
    /// Creates a variable child named <paramref name="name"/>, taking its first value from a pending checkpoint
    /// restore when there is one (deferred restoration), and only otherwise from <paramref name="initializer"/>.
    /// </summary>
    /// <param name="name">The edge name (becomes part of the checkpoint key), e.g. <c>"kernel"</c>.</param>
    /// <param name="shape">The variable's shape.</param>
    /// <param name="dtype">The variable's dtype.</param>
    /// <param name="initializer">Makes the initial value; not called when the checkpoint supplies one.</param>
    /// <param name="trainable">Whether tapes watch it and optimizers train it.</param>
    /// <param name="variableName">The variable's display name (defaults to <paramref name="name"/>).</param>
    /// <returns>The new variable, already tracked under <paramref name="name"/>.</returns>
    /// <remarks>
    /// This is the hook layers use to create weights (Keras's <c>add_weight</c>): after <c>checkpoint.Restore(path)</c>,
    /// a layer built later gets the checkpoint's values without running its initializer. A checkpoint value with
    /// another shape or dtype is not used (the initializer runs) and is reported by the restore status.
    /// </remarks>
    /// <exception cref="ArgumentException">The name is empty or taken, or the initializer's value has another shape or dtype.</exception>
    protected internal Variable AddTrackedVariable(string name, Shape shape, DType dtype, Func<Tensor> initializer, bool trainable = true, string? variableName = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(initializer);
        Tensor? restored = TryTakeDeferredValue(name, shape, dtype);
        Tensor value = restored ?? Variable.InitialValue(initializer);
        if (value.Shape != shape || value.DType != dtype)
        {
            throw new ArgumentException(
                $"{GetType().Name}: the initializer of '{name}' returned {value.DType.Name()} of shape {value.Shape}, expected {dtype.Name()} of shape {shape}.",
                nameof(initializer));
        }
        var variable = new Variable(value, variableName ?? name, trainable);
        TrackCore(name, variable);
        Binding?.Attach(this, name, variable, valueRestored: restored is not null);
        return variable;
    }

    /// <summary>
    /// The pending checkpoint value for a variable child <paramref name="name"/> that is about to be created, or null
    /// when no restore has one. Use it when creating a variable some other way than <see cref="AddTrackedVariable"/>;
    /// then <see cref="Track{T}"/> the variable under the same name.
    /// </summary>
    /// <param name="name">The edge name the variable will be tracked under.</param>
    /// <param name="shape">Its shape (a different checkpoint shape is a mismatch, reported by the restore status).</param>
    /// <param name="dtype">Its dtype.</param>
    /// <returns>A fresh tensor with the checkpoint value, or null.</returns>
    protected internal Tensor? TryTakeDeferredValue(string name, Shape shape, DType dtype)
    {
        if (_binding is null)
        {
            // A field assigned after Restore may connect this object to a pending restore: look again.
            DeferredRestorations.Refresh();
        }
        return _binding?.TakeVariableValue(this, name, shape, dtype);
    }

    /// <summary>
    /// Creates an optimizer slot variable for <paramref name="original"/> (Adam's <c>m</c>, <c>v</c>, ...), taking its
    /// value from a pending checkpoint restore when there is one, and only otherwise from <paramref name="initializer"/>.
    /// The optimizer keeps the slot and returns it from <see cref="SlotVariables"/>.
    /// </summary>
    /// <param name="original">The variable the slot belongs to.</param>
    /// <param name="slotName">The slot's name, e.g. <c>"m"</c>; part of the checkpoint key.</param>
    /// <param name="initializer">Makes the initial value (usually zeros like <paramref name="original"/>); not called when restored.</param>
    /// <returns>The new slot variable (not trainable).</returns>
    /// <exception cref="ArgumentException">The name is empty.</exception>
    protected internal Variable CreateSlotVariable(Variable original, string slotName, Func<Tensor> initializer)
    {
        ArgumentNullException.ThrowIfNull(original);
        ArgumentException.ThrowIfNullOrEmpty(slotName);
        ArgumentNullException.ThrowIfNull(initializer);
        if (_binding is null)
        {
            DeferredRestorations.Refresh();
        }
        Tensor? restored = _binding?.TakeSlotValue(this, original, slotName, original.Shape, original.DType);
        var slot = new Variable(restored ?? Variable.InitialValue(initializer), $"{original.Name}/{slotName}", trainable: false);
        _binding?.SlotCreated(this, original, slotName, slot, restored is not null);
        return slot;
    }
}
