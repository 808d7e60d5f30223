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
        List<Trackable> owners;
        lock (s_lock)
        {
            if (s_pending.Count == 0)
            {
                return;
            }
            owners = new List<Trackable>(s_pending.Count);
            s_pending.RemoveAll(w => !w.TryGetTarget(out var t) || t.Binding is not { HasPendingChildren: true });
            foreach (var weak in s_pending)
            {
                if (weak.TryGetTarget(out var t))
                {
                    owners.Add(t);
                }
            }
        }
        // Attaching binds a newly found child's whole subtree at once (Bind recurses), so one pass suffices.
        for (int i = 0; i < owners.Count; i++)
        {
            var owner = owners[i];
            if (owner.Binding is not { HasPendingChildren: true } binding)
            {
                continue;
            }
            foreach (var kv in owner.GetTrackedChildren())
            {
                binding.Attach(owner, kv.Key, kv.Value, valueRestored: false);
            }
        }
    }
}
