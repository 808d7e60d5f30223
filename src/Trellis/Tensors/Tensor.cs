namespace Trellis;

/// <summary>
/// An n-dimensional array of one <see cref="DType"/>, stored row-major and contiguous in managed memory.
/// Tensors are immutable values (a <see cref="Variable"/> is the mutable kind); no <c>Dispose</c> is needed. Inside a
/// <see cref="TensorScope"/>, large tensors borrow pooled memory and are released when the scope ends; outside one,
/// the memory of a large tensor goes back to the same pool once the GC finds it unreachable.
/// </summary>
/// <remarks>
/// Create tensors with <see cref="Constant(float)"/>, <see cref="Zeros"/>, <see cref="RandomNormal"/> and friends;
/// compute with <see cref="Ops"/> or the operators. A tensor made while a graph function traces is symbolic:
/// it has a shape and dtype but no values.
/// </remarks>
public partial class Tensor
{
    // Null for symbolic tensors and for tensors released by their TensorScope (then _released is set).
    private Array? _storage;

    /// <summary>Wraps existing storage (not copied). <paramref name="storage"/> must hold at least shape.Size elements of dtype's CLR type.</summary>
    /// <remarks>A tensor over a pooled array (a view of a scoped tensor) joins the innermost scope, so the array stays out of the pool while it lives.</remarks>
    internal Tensor(Shape shape, DType dtype, Array storage)
    {
        Shape = shape;
        DType = dtype;
        _storage = storage;
        if (Tensors.TensorPool.Find(storage) is { } pooled)
        {
            AttachToScope(pooled);
        }
    }

    /// <summary>A symbolic tensor (no storage) made by the graph tracer.</summary>
    internal Tensor(Shape shape, DType dtype, object symbol)
    {
        Shape = shape;
        DType = dtype;
        Symbol = symbol;
    }

    /// <summary>The dimensions.</summary>
    public Shape Shape { get; }

    /// <summary>The element type.</summary>
    public DType DType { get; }

    /// <summary>Number of dimensions.</summary>
    public int Rank => Shape.Rank;

    /// <summary>Number of elements.</summary>
    public int Size => Shape.Size;

    /// <summary>True when this tensor was made while tracing and has no values.</summary>
    public bool IsSymbolic => Symbol is not null;

    /// <summary>True for tensors whose storage can change (variables): ops must copy, never alias, their storage.</summary>
    internal virtual bool IsMutable => false;

    /// <summary>True for tensors a gradient tape watches as soon as an op reads them (trainable variables).</summary>
    internal virtual bool IsWatchedByDefault => false;

    /// <summary>The tracer's node for a symbolic tensor; null for a concrete one.</summary>
    internal object? Symbol { get; }

    /// <summary>The backing array (length may exceed <see cref="Size"/> for a planned executor buffer).</summary>
    internal Array Storage => _storage ?? throw NoValuesError();

    /// <summary>The elements as a span; <typeparamref name="T"/> must be the dtype's CLR type.</summary>
    internal Span<T> Span<T>()
    {
        if (_storage is T[] a)
        {
            return a.AsSpan(0, Size);
        }
        if (_storage is null)
        {
            throw NoValuesError();
        }
        throw new InvalidOperationException($"Tensor of dtype {DType.Name()} cannot be read as {typeof(T).Name}.");
    }

    /// <summary>The elements as a read-only span.</summary>
    internal ReadOnlySpan<T> ReadSpan<T>() => Span<T>();

    /// <summary>
    /// Allocates a zeroed tensor; inside a <see cref="TensorScope"/> a large one borrows a pooled array, and outside
    /// every scope a large one takes an array the GC reclaimed.
    /// </summary>
    internal static Tensor Allocate(Shape shape, DType dtype) => Allocate(shape, dtype, clear: true);

    /// <summary>
    /// Allocates a tensor whose elements the caller overwrites, every one, before anyone reads it: a pooled array
    /// is then not cleared first, nor is a large reclaimed one outside every scope.
    /// </summary>
    internal static Tensor AllocateForOverwrite(Shape shape, DType dtype) => Allocate(shape, dtype, clear: false);

    private static Tensor Allocate(Shape shape, DType dtype, bool clear)
    {
        int n = shape.Size;
        if (Tensors.TensorPool.ShouldPool(n, dtype))
        {
            return new Tensor(shape, dtype, Tensors.TensorPool.Rent(dtype, n, clear));
        }
        if (Tensors.TensorPool.ShouldReclaim(n, dtype))
        {
            // PERF: sgemm-1024x1024x1024: the last output the GC found unreachable, not a fresh large-object-heap array.
            return new Tensor(shape, dtype, Tensors.TensorPool.RentReclaimed(dtype, n, clear));
        }
        return AllocateUnpooled(shape, dtype);
    }

    /// <summary>Allocates a zeroed tensor that is never pooled, whatever scope is open: for values a cache or a variable keeps.</summary>
    internal static Tensor AllocateUnpooled(Shape shape, DType dtype) => new(shape, dtype, NewStorage(dtype, shape.Size, clear: true));

    /// <summary>
    /// A new array of <paramref name="length"/> elements of <paramref name="dtype"/>; with <paramref name="clear"/>
    /// false, float and double arrays skip the GC's zeroing (the caller overwrites every element).
    /// </summary>
    internal static Array NewStorage(DType dtype, int length, bool clear) => dtype switch
    {
        // PERF: sgemm-scoped-1024x1024x1024: a first rent for an overwriting op skips the GC's zeroing.
        DType.Float32 => clear ? new float[length] : GC.AllocateUninitializedArray<float>(length),
        DType.Float64 => clear ? new double[length] : GC.AllocateUninitializedArray<double>(length),
        DType.Int32 => new int[length],
        DType.Int64 => new long[length],
        DType.UInt8 => new byte[length],
        DType.Bool => new bool[length],
        DType.Float16 => new Half[length],
        DType.BFloat16 => new BFloat16[length],
        _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "Unknown dtype."),
    };

    /// <summary>A tensor sharing this one's storage with another shape of the same size.</summary>
    internal Tensor WithShape(Shape shape) => new(shape, DType, Storage);

    private InvalidOperationException NoValuesError() => _released ? ReleasedError() : new InvalidOperationException(
        $"This tensor of shape {Shape} and dtype {DType.Name()} is symbolic: it was made while tracing a graph function and has no values. " +
        "Read values only outside the traced function, or use Ops.Cond/Ops.WhileLoop instead of branching on a tensor's value.");
}
