namespace Trellis.Tracking;

/// <summary>
/// Objects bound to a checkpoint node that still has unmatched children. Before a variable is created on an object
/// with no binding, their children are read again, so a field assigned after <c>Restore</c> is matched (and its
/// subtree bound) before the new variable asks for a value.
/// </summary>
internal static class DeferredRestorations
{
    private static readonly Lock s_lock = new();
    private static readonly List<WeakReference<Trackable>> s_pending = [];

    /// <summary>Remembers <paramref name="owner"/> until its binding has no pending children.</summary>
    public static void Register(Trackable owner)
    {
        lock (s_lock)
        {
            foreach (var weak in s_pending)
            {
                if (weak.TryGetTarget(out var t) && ReferenceEquals(t, owner))
                {
                    return;
                }
            }
            s_pending.Add(new WeakReference<Trackable>(owner));
        }
    }

    /// <summary>Matches children that appeared since the restore, for every object with a pending binding.</summary>
    public static void Refresh()
    {
        var owners = new List<Trackable>();
        lock (s_lock)
        {
            if (s_pending.Count == 0)
            {
                return;
            }
            s_pending.RemoveAll(w => !w.TryGetTarget(out _));
            foreach (var weak in s_pending)
            {
                if (weak.TryGetTarget(out var t))
                {
                    owners.Add(t);
                }
            }
        }
        // NOTE: bindings take their restore's lock, and binding an object registers it here; so the registry lock is
        // never held while calling into a binding, or two threads could wait on each other.
        var done = new List<(Trackable Owner, RestoreBinding? Binding)>();
        foreach (var owner in owners)
        {
            if (owner.Binding is not { HasPendingChildren: true } binding)
            {
                done.Add((owner, owner.Binding));
                continue;
            }
            IReadOnlyList<KeyValuePair<string, object>> children;
            try
            {
                children = owner.GetTrackedChildren();
            }
            catch (ArgumentException)
            {
                // Two children with one name: an error for that object's next save, not for whoever creates a variable now.
                continue;
            }
            // Attaching binds a newly found child's whole subtree at once (Bind recurses), so one pass suffices.
            foreach (var kv in children)
            {
                binding.Attach(owner, kv.Key, kv.Value, valueRestored: false);
            }
            if (!binding.HasPendingChildren)
            {
                done.Add((owner, binding));
            }
        }
        if (done.Count > 0)
        {
            lock (s_lock)
            {
                // An owner re-bound by a newer restore meanwhile has another binding and stays.
                s_pending.RemoveAll(w => !w.TryGetTarget(out var t) || done.Exists(d => ReferenceEquals(d.Owner, t) && ReferenceEquals(d.Binding, t.Binding)));
            }
        }
    }
}
