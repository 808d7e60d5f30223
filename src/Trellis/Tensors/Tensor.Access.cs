using System.Runtime.InteropServices;

namespace Trellis;

public partial class Tensor
{
    /// <summary>Copies the elements, row-major, into a new array.</summary>
    /// <typeparam name="T">The CLR type of <see cref="DType"/> (float for float32, int for int32, ...).</typeparam>
    /// <exception cref="InvalidOperationException"><typeparamref name="T"/> does not match the dtype, or the tensor is symbolic.</exception>
    public T[] ToArray<T>()
    {
        CheckElementType<T>();
        return Span<T>().ToArray();
    }

    /// <summary>The value of a one-element tensor.</summary>
    /// <exception cref="InvalidOperationException">The tensor has more than one element or <typeparamref name="T"/> does not match the dtype.</exception>
    public T Item<T>()
    {
        CheckElementType<T>();
        if (Size != 1)
        {
            throw new InvalidOperationException($"Item<T>() needs a tensor with one element, but this one has shape {Shape}. Use ToArray<T>() or GetValue<T>(index).");
        }
        return Span<T>()[0];
    }

    /// <summary>The element at a full index, one coordinate per axis.</summary>
    /// <exception cref="ArgumentException">The index has the wrong length or is out of range.</exception>
    public T GetValue<T>(params int[] index)
    {
        ArgumentNullException.ThrowIfNull(index);
        CheckElementType<T>();
        if (index.Length != Rank)
        {
            throw new ArgumentException($"Index has {index.Length} coordinates but the tensor has rank {Rank} (shape {Shape}).", nameof(index));
        }
        int flat = 0;
        for (int i = 0; i < Rank; i++)
        {
            int d = Shape.Dims[i];
            int c = index[i] < 0 ? index[i] + d : index[i];
            if (c < 0 || c >= d)
            {
                throw new ArgumentException($"Index {index[i]} is out of range for axis {i} of size {d} (shape {Shape}).", nameof(index));
            }
            flat = flat * d + c;
        }
        return Span<T>()[flat];
    }

    /// <summary>The raw little-endian bytes of the elements (a copy).</summary>
    public byte[] ToBytes() => BytesView().ToArray();

    /// <summary>The elements viewed as bytes (no copy).</summary>
    internal Span<byte> BytesView() => DType switch
    {
        DType.Float32 => MemoryMarshal.AsBytes(Span<float>()),
        DType.Float64 => MemoryMarshal.AsBytes(Span<double>()),
        DType.Int32 => MemoryMarshal.AsBytes(Span<int>()),
        DType.Int64 => MemoryMarshal.AsBytes(Span<long>()),
        DType.UInt8 => Span<byte>(),
        DType.Bool => MemoryMarshal.AsBytes(Span<bool>()),
        DType.Float16 => MemoryMarshal.AsBytes(Span<Half>()),
        DType.BFloat16 => MemoryMarshal.AsBytes(Span<BFloat16>()),
        _ => throw new InvalidOperationException($"Unknown dtype {DType}."),
    };

    /// <summary>Makes a tensor from raw little-endian bytes (copied).</summary>
    /// <exception cref="ArgumentException">The byte count is not shape.Size times the element size.</exception>
    public static Tensor FromBytes(ReadOnlySpan<byte> bytes, Shape shape, DType dtype)
    {
        long expected = (long)shape.Size * dtype.SizeInBytes();
        if (bytes.Length != expected)
        {
            throw new ArgumentException($"Expected {expected} bytes for a {dtype.Name()} tensor of shape {shape}, but received {bytes.Length}.", nameof(bytes));
        }
        var t = Allocate(shape, dtype);
        bytes.CopyTo(t.BytesView());
        if (dtype == DType.Bool)
        {
            // NOTE: a bool byte other than 0/1 would break equality; normalize as TensorFlow reads it.
            foreach (ref byte v in t.BytesView())
            {
                v = v != 0 ? (byte)1 : (byte)0;
            }
        }
        return t;
    }

    private void CheckElementType<T>()
    {
        if (DType.ClrType() != typeof(T))
        {
            throw new InvalidOperationException($"This tensor has dtype {DType.Name()} (CLR {DType.ClrType().Name}), not {typeof(T).Name}. Use ToArray<{DType.ClrType().Name}>() or Ops.Cast first.");
        }
    }
}
