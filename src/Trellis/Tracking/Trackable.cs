namespace Trellis.Tracking;

/// <summary>
/// A node of the trackable object graph (TensorFlow's <c>tf.train.Checkpoint</c> model): an object whose named
/// children are other trackables and variables. Checkpoints save each value under the path of edge names that
/// reaches it, so renaming or reordering code does not break restoring as long as the names stay.
/// </summary>
/// <remarks>
/// Children are (1) those added with <see cref="Track{T}"/>, then (2) fields and auto-properties whose value is a
/// <see cref="Trackable"/>, a <see cref="Variable"/>, or a <c>List&lt;T&gt;</c>/array/<c>Dictionary&lt;string,T&gt;</c>
/// of them, named after the member (<c>_dense</c> becomes <c>dense</c>; lists by index, dictionaries by key).
/// <see cref="NotTrackedAttribute"/> opts a member out; <see cref="TrackAsAttribute"/> renames it.
/// </remarks>
public abstract partial class Trackable
{
    private readonly List<KeyValuePair<string, object>> _explicitChildren = [];

    /// <summary>Adds <paramref name="child"/> (a <see cref="Trackable"/> or <see cref="Variable"/>) under <paramref name="name"/>.</summary>
    /// <returns>The child, so a field can be set in one line: <c>_w = Track("w", new Variable(...))</c>.</returns>
    /// <exception cref="ArgumentException">The name is empty or already used by another child of this object.</exception>
    protected internal T Track<T>(string name, T child) where T : class
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(child);
        if (child is not (Trackable or Variable))
        {
            throw new ArgumentException($"Track('{name}'): only Trackable objects and Variables can be tracked, not {child.GetType().Name}.", nameof(child));
        }
        foreach (var kv in _explicitChildren)
        {
            if (kv.Key == name)
            {
                if (ReferenceEquals(kv.Value, child))
                {
                    return child;
                }
                throw new ArgumentException($"{GetType().Name} already tracks a child named '{name}'. Child names must be unique: they become checkpoint keys.", nameof(name));
            }
        }
        _explicitChildren.Add(new(name, child));
        return child;
    }

    /// <summary>The children added explicitly with <see cref="Track{T}"/>, in order.</summary>
    internal IReadOnlyList<KeyValuePair<string, object>> ExplicitChildren => _explicitChildren;
}
