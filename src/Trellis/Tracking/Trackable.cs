namespace Trellis.Tracking;

/// <summary>
/// A node of the trackable object graph (TensorFlow's <c>tf.train.Checkpoint</c> model): an object whose named
/// children are other trackables and variables. Checkpoints save each value under the path of edge names that
/// reaches it, so renaming or reordering code does not break restoring as long as the names stay.
/// </summary>
/// <remarks>
/// <para>The children of an object, in this order (the order decides which of two paths to a shared object is kept):</para>
/// <list type="number">
/// <item>those added with <see cref="Track{T}"/> (and <see cref="AddTrackedVariable"/>), in the order added;</item>
/// <item>instance fields and auto-properties, of this class and of every base class (private ones too), whose
/// declared type is a <see cref="Trackable"/>, a <see cref="Variable"/>, or an array, <c>List&lt;T&gt;</c> (any
/// <c>IEnumerable&lt;T&gt;</c>) or <c>Dictionary&lt;string,T&gt;</c> of them (nesting allowed). Base-class members
/// come first, then each class's in declaration order. A member is named after the field with leading underscores
/// removed (<c>_dense</c> becomes <c>dense</c>), or after the property for an auto-property. A list or array is a
/// child node whose children are named <c>"0"</c>, <c>"1"</c>, ...; a dictionary's are named by key. A member
/// holding an object already added with <see cref="Track{T}"/> is not listed twice. <see cref="NotTrackedAttribute"/>
/// opts a member out; <see cref="TrackAsAttribute"/> renames it;</item>
/// <item>those returned by <see cref="AdditionalChildren"/> (computed aliases such as Keras's <c>layer-0</c>).</item>
/// </list>
/// <para>Names are the file format: renaming a member renames its checkpoint key, so old checkpoints no longer match
/// it (use <see cref="TrackAsAttribute"/> to keep the old name). Two children with one name are an error.</para>
/// <para>Members are read each time the graph is walked, so assigning a field later is seen by the next save, and by
/// a pending restore the next time a variable is created (see <see cref="AddTrackedVariable"/>).</para>
/// </remarks>
public abstract partial class Trackable
{
    private readonly List<KeyValuePair<string, object>> _explicitChildren = [];

    /// <summary>Adds <paramref name="child"/> (a <see cref="Trackable"/> or <see cref="Variable"/>) under <paramref name="name"/>.</summary>
    /// <param name="name">The edge name; it becomes part of checkpoint keys.</param>
    /// <param name="child">The child object.</param>
    /// <returns>The child, so a field can be set in one line: <c>_w = Track("w", new Variable(...))</c>.</returns>
    /// <remarks>When a restore is pending for this object, the child (and everything under it) gets its values from
    /// the checkpoint now.</remarks>
    /// <exception cref="ArgumentException">The name is empty or already used by another child of this object.</exception>
    protected internal T Track<T>(string name, T child) where T : class
    {
        TrackCore(name, child);
        Binding?.Attach(this, name, child, valueRestored: false);
        return child;
    }

    /// <summary>The children added explicitly with <see cref="Track{T}"/>, in order.</summary>
    internal IReadOnlyList<KeyValuePair<string, object>> ExplicitChildren => _explicitChildren;

    /// <summary>
    /// The current children (name, <see cref="Trackable"/> or <see cref="Variable"/>), in graph order: explicit,
    /// discovered members, then <see cref="AdditionalChildren"/>. A list or dictionary member appears as one node.
    /// </summary>
    /// <returns>A new list; edits do not change the object.</returns>
    /// <exception cref="ArgumentException">Two different children have the same name; the message names both members.</exception>
    public IReadOnlyList<KeyValuePair<string, object>> GetTrackedChildren()
    {
        var result = new List<KeyValuePair<string, object>>(_explicitChildren);
        var sources = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var kv in _explicitChildren)
        {
            sources[kv.Key] = $"Track(\"{kv.Key}\")";
        }
        foreach (var member in TrackableMembers.For(GetType()).Members)
        {
            object? child = member.GetChild(this);
            if (child is null || IsExplicitChild(child))
            {
                continue;
            }
            AddUnique(result, sources, member.Name, child, member.Source);
        }
        foreach (var kv in AdditionalChildren())
        {
            if (kv.Value is not (Trackable or Variable))
            {
                throw new InvalidOperationException(
                    $"{GetType().Name}.AdditionalChildren returned '{kv.Key}' holding a {kv.Value?.GetType().Name ?? "null"}; expected a Trackable or Variable.");
            }
            if (sources.ContainsKey(kv.Key) && result.Exists(r => r.Key == kv.Key && ReferenceEquals(r.Value, kv.Value)))
            {
                continue;
            }
            AddUnique(result, sources, kv.Key, kv.Value, $"{GetType().Name}.AdditionalChildren()[\"{kv.Key}\"]");
        }
        return result;
    }

    /// <summary>
    /// Extra children computed by a subclass, after the explicit and discovered ones: aliases such as Keras's
    /// <c>layer-0</c> and <c>layer_with_weights-0</c> that name an object also reachable another way.
    /// </summary>
    /// <returns>(name, child) pairs; each child a <see cref="Trackable"/> or <see cref="Variable"/>.</returns>
    protected virtual IEnumerable<KeyValuePair<string, object>> AdditionalChildren() => [];

    /// <summary>
    /// The optimizer slot variables this object owns (an optimizer returns its per-variable state such as Adam's
    /// <c>m</c> and <c>v</c>). Checkpoints record them as TensorFlow does (<c>slot_variables</c>, keys under
    /// <c>&lt;variable path&gt;/.OPTIMIZER_SLOT/&lt;optimizer path&gt;/&lt;slot name&gt;</c>); a slot is saved only when its
    /// original variable is saved too.
    /// </summary>
    /// <returns>(slot name, original variable, slot variable) triples.</returns>
    protected internal virtual IEnumerable<(string SlotName, Variable Original, Variable Slot)> SlotVariables() => [];

    internal void TrackCore(string name, object child)
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
                    return;
                }
                throw new ArgumentException($"{GetType().Name} already tracks a child named '{name}'. Child names must be unique: they become checkpoint keys.", nameof(name));
            }
        }
        _explicitChildren.Add(new(name, child));
    }

    private bool IsExplicitChild(object child)
    {
        foreach (var kv in _explicitChildren)
        {
            if (ReferenceEquals(kv.Value, child))
            {
                return true;
            }
        }
        return false;
    }

    private void AddUnique(List<KeyValuePair<string, object>> result, Dictionary<string, string> sources, string name, object child, string source)
    {
        if (sources.TryGetValue(name, out string? other))
        {
            throw new ArgumentException(
                $"{GetType().Name}: {other} and {source} both use the child name '{name}'. Child names become checkpoint keys and must be unique: " +
                "rename one, or put [TrackAs(\"other_name\")] or [NotTracked] on the member.");
        }
        sources.Add(name, source);
        result.Add(new(name, child));
    }
}
