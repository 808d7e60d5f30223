namespace Trellis;

/// <summary>Facts about each <see cref="DType"/>: size, name, kind, and the CLR type that stores it.</summary>
public static class DTypeExtensions
{
    /// <summary>Size in bytes of one element.</summary>
    public static int SizeInBytes(this DType dtype) => dtype switch
    {
        DType.Float32 or DType.Int32 => 4,
        DType.Float64 or DType.Int64 => 8,
        DType.UInt8 or DType.Bool => 1,
        DType.Float16 or DType.BFloat16 => 2,
        _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "Unknown dtype."),
    };

    /// <summary>The lower-case name TensorFlow and NumPy use: <c>float32</c>, <c>int64</c>, <c>bool</c>...</summary>
    public static string Name(this DType dtype) => dtype switch
    {
        DType.Float32 => "float32",
        DType.Float64 => "float64",
        DType.Int32 => "int32",
        DType.Int64 => "int64",
        DType.UInt8 => "uint8",
        DType.Bool => "bool",
        DType.Float16 => "float16",
        DType.BFloat16 => "bfloat16",
        _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "Unknown dtype."),
    };

    /// <summary>Parses a name produced by <see cref="Name"/> (also accepts <c>float</c>, <c>double</c>, <c>int</c>, <c>long</c>).</summary>
    /// <exception cref="ArgumentException">The name is not a dtype.</exception>
    public static DType Parse(string name) => name switch
    {
        "float32" or "float" => DType.Float32,
        "float64" or "double" => DType.Float64,
        "int32" or "int" => DType.Int32,
        "int64" or "long" => DType.Int64,
        "uint8" or "byte" => DType.UInt8,
        "bool" => DType.Bool,
        "float16" or "half" => DType.Float16,
        "bfloat16" => DType.BFloat16,
        _ => throw new ArgumentException($"Unknown dtype '{name}'. Expected one of float32, float64, int32, int64, uint8, bool, float16, bfloat16.", nameof(name)),
    };

    /// <summary>True for float32 and float64, the types ops compute on.</summary>
    public static bool IsFloating(this DType dtype) => dtype is DType.Float32 or DType.Float64;

    /// <summary>True for the storage-only float types float16 and bfloat16.</summary>
    public static bool IsStorageFloat(this DType dtype) => dtype is DType.Float16 or DType.BFloat16;

    /// <summary>True for int32, int64 and uint8.</summary>
    public static bool IsInteger(this DType dtype) => dtype is DType.Int32 or DType.Int64 or DType.UInt8;

    /// <summary>True for the types arithmetic accepts (floating and integer, not bool nor storage floats).</summary>
    public static bool IsNumeric(this DType dtype) => dtype.IsFloating() || dtype.IsInteger();

    /// <summary>The CLR element type that stores this dtype.</summary>
    public static Type ClrType(this DType dtype) => dtype switch
    {
        DType.Float32 => typeof(float),
        DType.Float64 => typeof(double),
        DType.Int32 => typeof(int),
        DType.Int64 => typeof(long),
        DType.UInt8 => typeof(byte),
        DType.Bool => typeof(bool),
        DType.Float16 => typeof(Half),
        DType.BFloat16 => typeof(BFloat16),
        _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "Unknown dtype."),
    };

    /// <summary>The dtype stored by CLR type <typeparamref name="T"/>.</summary>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is not an element type.</exception>
    public static DType Of<T>() => default(T) switch
    {
        float => DType.Float32,
        double => DType.Float64,
        int => DType.Int32,
        long => DType.Int64,
        byte => DType.UInt8,
        bool => DType.Bool,
        Half => DType.Float16,
        BFloat16 => DType.BFloat16,
        _ => throw new NotSupportedException($"{typeof(T).Name} is not a Trellis element type. Use float, double, int, long, byte, bool, Half or BFloat16."),
    };
}
