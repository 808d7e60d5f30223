using System.Runtime.CompilerServices;

namespace Trellis.Tensors;

/// <summary>
/// The arrays behind large eager tensors made inside a <see cref="TensorScope"/>: rented by exact (dtype, length),
/// returned when the scope that owns every tensor over them ends, and handed out again to the next allocation of that
/// size (PyTorch's caching allocator in spirit: the same hot memory instead of a fresh large-object-heap array).
/// </summary>
/// <remarks>
/// Large tensors made outside every scope use the same free lists: their arrays are reclaimed once the GC finds them
/// unreachable (see <see cref="RentReclaimed"/>), so an eager loop without a scope reuses memory too.
/// The pool keeps at most <see cref="MaxRetainedBytes"/>; a return past that evicts the lengths least recently rented
/// or returned first, its own length last, then drops the array for the GC. One lock guards the free lists, so two
/// threads never receive the same array. Small tensors
/// (under <see cref="MinPooledBytes"/>) are never pooled: static caches of small constants stay safe, and small
/// arrays are cheap for the GC anyway.
/// </remarks>
internal static class TensorPool
{
    /// <summary>Tensors with less storage than this are never pooled.</summary>
    public const int MinPooledBytes = 16 * 1024;

    /// <summary>
    /// Unscoped arrays at least this large are reclaimed when the GC collects them: the large-object heap's threshold,
    /// where a fresh array costs a gen2 collection's share and newly mapped pages.
    /// </summary>
    public const int MinReclaimedBytes = 85_000;

    /// <summary>
    /// Whether unreachable unscoped arrays return to the free lists: on unless the application sets the AppContext
    /// switch <see cref="DisableReclaimingSwitch"/> (tests that measure the lists turn it off too).
    /// </summary>
    internal static bool Reclaiming { get; set; } = !ReclaimingDisabledByApp();

    /// <summary>The AppContext switch that turns reclaiming off for the application.</summary>
    public const string DisableReclaimingSwitch = "Trellis.DisableTensorReclaiming";

    /// <summary>Whether the application set <see cref="DisableReclaimingSwitch"/> (read once, when the pool is first used).</summary>
    internal static bool ReclaimingDisabledByApp() => AppContext.TryGetSwitch(DisableReclaimingSwitch, out bool off) && off;

    /// <summary>The most bytes the free lists keep (256 MB; settable for tests).</summary>
    internal static long MaxRetainedBytes { get; set; } = 256L << 20;

    private static readonly Lock s_lock = new();
    private static readonly Dictionary<(DType, int), FreeList> s_free = [];
    private static long s_clock; // advances on every rent and return; under s_lock
    private static readonly ConditionalWeakTable<Array, PooledStorage> s_rented = new();
    private static readonly ConditionalWeakTable<Array, Reclaimer> s_reclaimers = new();
    private static long s_retainedBytes;
    private static int s_rentedCount;

    [ThreadStatic]
    private static int t_suspended;

    /// <summary>Bytes currently held in the free lists (for tests).</summary>
    internal static long RetainedBytes
    {
        get
        {
            lock (s_lock)
            {
                return s_retainedBytes;
            }
        }
    }

    /// <summary>
    /// Whether an allocation of <paramref name="length"/> elements on this thread comes from the pool: a scope is open,
    /// pooling is not suspended (library caches, variables, initializers, a graph being traced), and it is large.
    /// </summary>
    public static bool ShouldPool(int length, DType dtype) =>
        TensorScope.Current is not null && t_suspended == 0 && (long)length * dtype.SizeInBytes() >= MinPooledBytes;

    /// <summary>An array of exactly <paramref name="length"/> elements, zeroed when <paramref name="clear"/>; registered as rented.</summary>
    public static Array Rent(DType dtype, int length, bool clear)
    {
        var array = TakeFree(dtype, length, clear) ?? Tensor.NewStorage(dtype, length, clear);
        s_rented.Add(array, new PooledStorage(array, dtype));
        Interlocked.Increment(ref s_rentedCount);
        return array;
    }

    /// <summary>Whether an unscoped allocation of <paramref name="length"/> elements is reclaimed by <see cref="RentReclaimed"/>.</summary>
    public static bool ShouldReclaim(int length, DType dtype) => Reclaiming && (long)length * dtype.SizeInBytes() >= MinReclaimedBytes;

    /// <summary>
    /// An array of exactly <paramref name="length"/> elements for a tensor no scope owns, zeroed when <paramref name="clear"/>.
    /// It goes back to the free lists when the GC finds it unreachable: a finalizable <see cref="Reclaimer"/>, reachable
    /// only through the array (a dependent handle), holds it, so the array is resurrected for the pool exactly when no
    /// tensor, view, span or caller can read it any more.
    /// </summary>
    public static Array RentReclaimed(DType dtype, int length, bool clear)
    {
        var array = TakeFree(dtype, length, clear) ?? Tensor.NewStorage(dtype, length, clear);
        ReclaimWhenUnreachable(array, dtype);
        return array;
    }

    private static void ReclaimWhenUnreachable(Array array, DType dtype)
    {
        s_reclaimers.AddOrUpdate(array, new Reclaimer(array, dtype)); // never replaces a live one: the array was free
        ReclaimPacer.Shared.Rented((long)array.Length * dtype.SizeInBytes());
    }

    /// <summary>The rental record of <paramref name="array"/>, or null when it is not a rented array.</summary>
    public static PooledStorage? Find(Array array) =>
        array.Length >= MinPooledBytes / 8 && Volatile.Read(ref s_rentedCount) > 0 && s_rented.TryGetValue(array, out var storage) ? storage : null;

    /// <summary>Stops tracking <paramref name="storage"/>: it escaped (never returns) or is about to return. Caller holds its lock.</summary>
    private static void Forget(PooledStorage storage)
    {
        if (s_rented.Remove(storage.Array))
        {
            Interlocked.Decrement(ref s_rentedCount);
        }
    }

    /// <summary>
    /// Marks <paramref name="storage"/> as escaped: a tensor no scope owns may read it, so no scope returns it; a large
    /// array is then reclaimed like an unscoped one, once the GC finds it unreachable. Caller holds its lock.
    /// </summary>
    public static void Escape(PooledStorage storage)
    {
        storage.Escaped = true;
        Forget(storage);
        if (ShouldReclaim(storage.Array.Length, storage.DType))
        {
            ReclaimWhenUnreachable(storage.Array, storage.DType);
        }
    }

    /// <summary>Puts an array no tensor reads any more back on its free list (or drops it past the bound). Caller holds its lock.</summary>
    public static void Return(PooledStorage storage)
    {
        storage.Returned = true;
        Forget(storage);
        PushFree(storage.DType, storage.Array);
    }

    // A free array of exactly this length (cleared when asked), or null when the list is empty.
    private static Array? TakeFree(DType dtype, int length, bool clear)
    {
        Array? array = null;
        lock (s_lock)
        {
            if (s_free.TryGetValue((dtype, length), out var list))
            {
                list.LastUsed = ++s_clock;
                if (list.Arrays.Count > 0)
                {
                    array = list.Arrays.Pop();
                    s_retainedBytes -= (long)length * dtype.SizeInBytes();
                }
            }
        }
        if (array is not null && clear)
        {
            Array.Clear(array);
        }
        return array;
    }

    // Puts an array nothing reads any more on its free list; past the bound, the lengths least recently asked for
    // or returned are evicted first (an epoch's last short batch, a shape no longer used), this length last.
    private static void PushFree(DType dtype, Array array)
    {
        long bytes = (long)array.Length * dtype.SizeInBytes();
        lock (s_lock)
        {
            if (bytes > MaxRetainedBytes)
            {
                return;
            }
            var key = (dtype, array.Length);
            var list = ListFor(key);
            if (s_retainedBytes + bytes > MaxRetainedBytes)
            {
                EvictLeastRecentlyUsed(key, bytes);
            }
            list.Arrays.Push(array);
            s_retainedBytes += bytes;
        }
    }

    // The free list of key, created when missing, stamped as just used. Caller holds s_lock.
    private static FreeList ListFor((DType, int) key)
    {
        if (!s_free.TryGetValue(key, out var list))
        {
            s_free[key] = list = new FreeList();
        }
        list.LastUsed = ++s_clock;
        return list;
    }

    // Runs on the finalizer thread once the GC found the array unreachable (the reclaimer kept it from being freed).
    // Only the array's current reclaimer may return it: one replaced while the array was in use must not.
    private static void Reclaim(Reclaimer reclaimer, DType dtype, Array array)
    {
        if (!s_reclaimers.TryGetValue(array, out var current) || current != reclaimer)
        {
            return;
        }
        s_reclaimers.Remove(array);
        ReclaimPacer.Shared.Reclaimed((long)array.Length * dtype.SizeInBytes());
        if (Reclaiming)
        {
            PushFree(dtype, array);
        }
    }

    /// <summary>Finalizable guard of one unscoped array; see <see cref="RentReclaimed"/>.</summary>
    private sealed class Reclaimer(Array array, DType dtype)
    {
        ~Reclaimer() => Reclaim(this, dtype, array);
    }

    /// <summary>Drops every free array for the GC (tests start from an empty pool).</summary>
    internal static void Clear()
    {
        lock (s_lock)
        {
            s_free.Clear();
            s_retainedBytes = 0;
        }
    }

    /// <summary>Turns pooling off on this thread until the result is disposed (nests): for values a library cache keeps.</summary>
    public static Suspension Suspend()
    {
        t_suspended++;
        return new Suspension(true);
    }

    /// <summary>Ends a <see cref="Suspend"/>.</summary>
    internal readonly struct Suspension(bool active) : IDisposable
    {
        /// <inheritdoc/>
        public void Dispose()
        {
            if (active)
            {
                t_suspended--;
            }
        }
    }

    // Caller holds s_lock. Frees room for needed bytes, whole lengths at a time from the least recently used, the
    // length being returned (key) last; lengths with no array left are forgotten.
    private static void EvictLeastRecentlyUsed((DType, int) key, long needed)
    {
        foreach (var (other, list) in s_free.OrderBy(e => e.Key == key ? long.MaxValue : e.Value.LastUsed).ToList())
        {
            long each = (long)other.Item2 * other.Item1.SizeInBytes();
            while (list.Arrays.Count > 0 && s_retainedBytes + needed > MaxRetainedBytes)
            {
                list.Arrays.Pop();
                s_retainedBytes -= each;
            }
            if (list.Arrays.Count == 0 && other != key)
            {
                s_free.Remove(other);
            }
            if (s_retainedBytes + needed <= MaxRetainedBytes)
            {
                return;
            }
        }
    }

    /// <summary>The free arrays of one (dtype, length) and when that length was last rented or returned.</summary>
    private sealed class FreeList
    {
        public Stack<Array> Arrays { get; } = new();

        public long LastUsed { get; set; }
    }
}
