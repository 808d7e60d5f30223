using System.Numerics;

namespace Trellis;

public partial class Tensor
{
    /// <summary>A float32 scalar.</summary>
    public static Tensor Constant(float value) => Wrap([value], Shape.Scalar);

    /// <summary>A float64 scalar.</summary>
    public static Tensor Constant(double value) => Wrap([value], Shape.Scalar);

    /// <summary>An int32 scalar.</summary>
    public static Tensor Constant(int value) => Wrap([value], Shape.Scalar);

    /// <summary>An int64 scalar.</summary>
    public static Tensor Constant(long value) => Wrap([value], Shape.Scalar);

    /// <summary>A uint8 scalar.</summary>
    public static Tensor Constant(byte value) => Wrap([value], Shape.Scalar);

    /// <summary>A bool scalar.</summary>
    public static Tensor Constant(bool value) => Wrap([value], Shape.Scalar);

    /// <summary>A tensor from a C# array of any rank (<c>float[]</c>, <c>int[,]</c>, <c>double[,,]</c> ...), copied.</summary>
    /// <param name="values">A rectangular array of float, double, int, long, byte, bool, Half or BFloat16.</param>
    /// <exception cref="ArgumentException">The element type is not supported, or the array is jagged.</exception>
    public static Tensor Constant(Array values)
    {
        ArgumentNullException.ThrowIfNull(values);
        Type? elementType = values.GetType().GetElementType();
        if (elementType is null || elementType.IsArray)
        {
            throw new ArgumentException($"Tensor.Constant needs a rectangular array (float[,], not float[][]); received {values.GetType().Name}.", nameof(values));
        }
        DType dtype = DTypeOfClr(elementType);
        var dims = new int[values.Rank];
        for (int i = 0; i < dims.Length; i++)
        {
            dims[i] = values.GetLength(i);
        }
        var t = Allocate(new Shape(dims), dtype);
        // Rectangular arrays are stored row-major, so a block copy preserves the order.
        Buffer.BlockCopy(values, 0, t.Storage, 0, checked(values.Length * dtype.SizeInBytes()));
        return t;
    }

    /// <summary>A tensor with the given shape from a flat, row-major array (copied).</summary>
    /// <exception cref="ArgumentException">The element count does not match the shape.</exception>
    public static Tensor Constant<T>(T[] values, Shape shape)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Length != shape.Size)
        {
            throw new ArgumentException($"Shape {shape} needs {shape.Size} values, but received {values.Length}.", nameof(values));
        }
        return Wrap((T[])values.Clone(), shape);
    }

    /// <summary>Wraps an array without copying (the caller gives up the array).</summary>
    internal static Tensor Wrap<T>(T[] values, Shape shape) => new(shape, DTypeExtensions.Of<T>(), values);

    /// <summary>A tensor of zeros.</summary>
    public static Tensor Zeros(Shape shape, DType dtype = DType.Float32) => Allocate(shape, dtype);

    /// <summary>A tensor of ones.</summary>
    public static Tensor Ones(Shape shape, DType dtype = DType.Float32) => Fill(shape, 1.0, dtype);

    /// <summary>A tensor with every element equal to <paramref name="value"/>, converted to <paramref name="dtype"/>.</summary>
    public static Tensor Fill(Shape shape, double value, DType dtype = DType.Float32)
    {
        var t = Allocate(shape, dtype);
        switch (dtype)
        {
            case DType.Float32: t.Span<float>().Fill((float)value); break;
            case DType.Float64: t.Span<double>().Fill(value); break;
            case DType.Int32: t.Span<int>().Fill((int)value); break;
            case DType.Int64: t.Span<long>().Fill((long)value); break;
            case DType.UInt8: t.Span<byte>().Fill((byte)value); break;
            case DType.Bool: t.Span<bool>().Fill(value != 0); break;
            case DType.Float16: t.Span<Half>().Fill((Half)value); break;
            case DType.BFloat16: t.Span<BFloat16>().Fill((BFloat16)(float)value); break;
        }
        return t;
    }

    /// <summary>A scalar of <paramref name="dtype"/> holding <paramref name="value"/>.</summary>
    public static Tensor Scalar(double value, DType dtype = DType.Float32) => Fill(Shape.Scalar, value, dtype);

    /// <summary>The sequence start, start+delta, ... below <paramref name="limit"/> (NumPy's arange).</summary>
    /// <exception cref="ArgumentException"><paramref name="delta"/> is zero.</exception>
    public static Tensor Range(double start, double limit, double delta = 1, DType dtype = DType.Int32)
    {
        if (delta == 0)
        {
            throw new ArgumentException("Range needs a non-zero delta.", nameof(delta));
        }
        int n = Math.Max(0, (int)Math.Ceiling((limit - start) / delta));
        var values = new double[n];
        for (int i = 0; i < n; i++)
        {
            values[i] = start + i * delta;
        }
        return FromDoubles(values, [n], dtype);
    }

    /// <summary>A 2-D identity: ones on the diagonal of an n×m matrix (m defaults to n).</summary>
    public static Tensor Eye(int n, int? m = null, DType dtype = DType.Float32)
    {
        int cols = m ?? n;
        var values = new double[n * cols];
        for (int i = 0; i < Math.Min(n, cols); i++)
        {
            values[i * cols + i] = 1;
        }
        return FromDoubles(values, [n, cols], dtype);
    }

    /// <summary>Makes a tensor of any dtype from double values.</summary>
    internal static Tensor FromDoubles(double[] values, Shape shape, DType dtype)
    {
        var t = Allocate(shape, dtype);
        for (int i = 0; i < values.Length; i++)
        {
            t.SetFromDouble(i, values[i]);
        }
        return t;
    }

    /// <summary>Writes element i from a double (converted as a C# cast does).</summary>
    internal void SetFromDouble(int i, double v)
    {
        switch (DType)
        {
            case DType.Float32: Span<float>()[i] = (float)v; break;
            case DType.Float64: Span<double>()[i] = v; break;
            case DType.Int32: Span<int>()[i] = (int)v; break;
            case DType.Int64: Span<long>()[i] = (long)v; break;
            case DType.UInt8: Span<byte>()[i] = (byte)v; break;
            case DType.Bool: Span<bool>()[i] = v != 0; break;
            case DType.Float16: Span<Half>()[i] = (Half)v; break;
            case DType.BFloat16: Span<BFloat16>()[i] = (BFloat16)(float)v; break;
        }
    }

    /// <summary>Reads element i as a double.</summary>
    internal double GetAsDouble(int i) => DType switch
    {
        DType.Float32 => Span<float>()[i],
        DType.Float64 => Span<double>()[i],
        DType.Int32 => Span<int>()[i],
        DType.Int64 => Span<long>()[i],
        DType.UInt8 => Span<byte>()[i],
        DType.Bool => Span<bool>()[i] ? 1 : 0,
        DType.Float16 => (double)Span<Half>()[i],
        DType.BFloat16 => (float)Span<BFloat16>()[i],
        _ => throw new InvalidOperationException($"Unknown dtype {DType}."),
    };

    private static DType DTypeOfClr(Type t) =>
        t == typeof(float) ? DType.Float32 :
        t == typeof(double) ? DType.Float64 :
        t == typeof(int) ? DType.Int32 :
        t == typeof(long) ? DType.Int64 :
        t == typeof(byte) ? DType.UInt8 :
        t == typeof(bool) ? DType.Bool :
        t == typeof(Half) ? DType.Float16 :
        t == typeof(BFloat16) ? DType.BFloat16 :
        throw new ArgumentException($"{t.Name} is not a Trellis element type. Use float, double, int, long, byte, bool, Half or BFloat16.");
}
