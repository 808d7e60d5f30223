using System.Runtime.CompilerServices;

namespace Trellis.Tensors;

/// <summary>
/// The arrays behind large eager tensors made inside a <see cref="TensorScope"/>: rented by exact (dtype, length),
/// returned when the scope that owns every tensor over them ends, and handed out again to the next allocation of that
/// size (PyTorch's caching allocator in spirit: the same hot memory instead of a fresh large-object-heap array).
/// </summary>
/// <remarks>
/// The pool keeps at most <see cref="MaxRetainedBytes"/>; returns past that evict other lengths first, then drop the
/// array for the GC. One lock guards the free lists, so two threads never receive the same array. Small tensors
/// (under <see cref="MinPooledBytes"/>) are never pooled: static caches of small constants stay safe, and small
/// arrays are cheap for the GC anyway.
/// </remarks>
internal static class TensorPool
{
    /// <summary>Tensors with less storage than this are never pooled.</summary>
    public const int MinPooledBytes = 16 * 1024;

    /// <summary>The most bytes the free lists keep (256 MB; settable for tests).</summary>
    internal static long MaxRetainedBytes { get; set; } = 256L << 20;

    private static readonly Lock s_lock = new();
    private static readonly Dictionary<(DType, int), Stack<Array>> s_free = [];
    private static readonly ConditionalWeakTable<Array, PooledStorage> s_rented = new();
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
        Array? array = null;
        lock (s_lock)
        {
            if (s_free.TryGetValue((dtype, length), out var stack) && stack.Count > 0)
            {
                array = stack.Pop();
                s_retainedBytes -= (long)length * dtype.SizeInBytes();
            }
        }
        if (array is null)
        {
            array = Tensor.NewStorage(dtype, length, clear);
        }
        else if (clear)
        {
            Array.Clear(array);
        }
        s_rented.Add(array, new PooledStorage(array, dtype));
        Interlocked.Increment(ref s_rentedCount);
        return array;
    }

    /// <summary>The rental record of <paramref name="array"/>, or null when it is not a rented array.</summary>
    public static PooledStorage? Find(Array array) =>
        array.Length >= MinPooledBytes / 8 && Volatile.Read(ref s_rentedCount) > 0 && s_rented.TryGetValue(array, out var storage) ? storage : null;

    /// <summary>Stops tracking <paramref name="storage"/>: it escaped (never returns) or is about to return. Caller holds its lock.</summary>
    public static void Forget(PooledStorage storage)
    {
        if (s_rented.Remove(storage.Array))
        {
            Interlocked.Decrement(ref s_rentedCount);
        }
    }

    /// <summary>Puts an array no tensor reads any more back on its free list (or drops it past the bound). Caller holds its lock.</summary>
    public static void Return(PooledStorage storage)
    {
        storage.Returned = true;
        Forget(storage);
        long bytes = storage.Bytes;
        lock (s_lock)
        {
            if (bytes > MaxRetainedBytes)
            {
                return;
            }
            if (s_retainedBytes + bytes > MaxRetainedBytes)
            {
                EvictOthers(storage.DType, storage.Array.Length, bytes);
            }
            var key = (storage.DType, storage.Array.Length);
            if (!s_free.TryGetValue(key, out var stack))
            {
                s_free[key] = stack = new Stack<Array>();
            }
            stack.Push(storage.Array);
            s_retainedBytes += bytes;
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

    // Lengths that stopped being asked for (the last, smaller batch of an epoch) must not hold the pool full forever.
    private static void EvictOthers(DType dtype, int length, long needed)
    {
        foreach (var (key, stack) in s_free)
        {
            if (key == (dtype, length))
            {
                continue;
            }
            long each = (long)key.Item2 * key.Item1.SizeInBytes();
            while (stack.Count > 0 && s_retainedBytes + needed > MaxRetainedBytes)
            {
                stack.Pop();
                s_retainedBytes -= each;
            }
            if (s_retainedBytes + needed <= MaxRetainedBytes)
            {
                return;
            }
        }
        if (s_free.TryGetValue((dtype, length), out var same))
        {
            while (same.Count > 0 && s_retainedBytes + needed > MaxRetainedBytes)
            {
                same.Pop();
                s_retainedBytes -= needed;
            }
        }
    }
}
