using Trellis.Checkpoints.Proto;

namespace Trellis.Checkpoints.Format;

/// <summary>Maps TensorFlow's DataType enum to Trellis dtypes (Trellis uses the same numbers).</summary>
internal static class TfDataTypes
{
    /// <summary>The Trellis dtype for a stored dtype, or null for types Trellis has no tensor for (string, resource...).</summary>
    public static DType? ToDType(DataType dataType) => dataType switch
    {
        DataType.DtFloat => DType.Float32,
        DataType.DtDouble => DType.Float64,
        DataType.DtInt32 => DType.Int32,
        DataType.DtUint8 => DType.UInt8,
        DataType.DtInt64 => DType.Int64,
        DataType.DtBool => DType.Bool,
        DataType.DtBfloat16 => DType.BFloat16,
        DataType.DtHalf => DType.Float16,
        _ => null,
    };

    /// <summary>The stored enum value for a Trellis dtype.</summary>
    public static DataType FromDType(DType dtype) => (DataType)(int)dtype;

    /// <summary>A readable name: <c>float32</c> for Trellis types, TensorFlow's otherwise (<c>string</c>, <c>int16</c>...).</summary>
    public static string Name(DataType dataType)
    {
        if (ToDType(dataType) is DType d)
        {
            return d.Name();
        }
        string raw = dataType.ToString();
        return raw.StartsWith("Dt", StringComparison.Ordinal)
            ? raw[2..].ToLowerInvariant()
            : "DataType " + raw;
    }
}
