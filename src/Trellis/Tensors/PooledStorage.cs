namespace Trellis.Tensors;

/// <summary>
/// One array rented from <see cref="TensorPool"/> and the bookkeeping that decides when it may go back: the number of
/// scope-owned tensors over it, and whether it escaped (some tensor outside every scope may read it, so it never
/// returns and the GC reclaims it). All fields change under a lock on this object.
/// </summary>
internal sealed class PooledStorage(Array array, DType dtype)
{
    /// <summary>The rented array (exactly the requested length).</summary>
    public Array Array { get; } = array;

    /// <summary>The element type the array was rented for.</summary>
    public DType DType { get; } = dtype;

    /// <summary>Live scope-owned tensors over <see cref="Array"/>; the array may go back when this reaches 0.</summary>
    public int References { get; set; }

    /// <summary>True once a tensor no scope owns may read the array: it must never be handed out again.</summary>
    public bool Escaped { get; set; }

    /// <summary>True once the array is back in the pool (or dropped for the GC): no tensor may attach to it.</summary>
    public bool Returned { get; set; }
}
