namespace Trellis.Interop.Safetensors;

/// <summary>The safetensors dtype strings: element sizes, the writer's ordering, and the mapping to Trellis dtypes.</summary>
/// <remarks>
/// Trellis reads the types it has directly (F32, F64, I32, I64, U8, BOOL, F16, BF16). The integer types it lacks are
/// widened losslessly when read as a <see cref="Tensor"/>: I8, I16 and U16 become Int32, U32 becomes Int64. U64 and
/// the 8-bit float formats have no lossless Trellis type; <see cref="SafetensorsFile.GetRaw"/> still gives their bytes.
/// </remarks>
internal static class SafetensorsDTypes
{
    // In the reference implementation's enum order; its writer places larger ranks first (alignment), then names.
    private static readonly string[] s_order =
        ["BOOL", "F4", "F6_E2M3", "F6_E3M2", "U8", "I8", "F8_E5M2", "F8_E4M3", "F8_E8M0", "I16", "U16", "F16", "BF16", "I32", "U32", "F32", "C64", "F64", "I64", "U64"];

    /// <summary>Bytes per element, or 0 for an unknown or sub-byte dtype string.</summary>
    public static int SizeOf(string dtype) => dtype switch
    {
        "BOOL" or "U8" or "I8" or "F8_E5M2" or "F8_E4M3" or "F8_E8M0" => 1,
        "I16" or "U16" or "F16" or "BF16" => 2,
        "I32" or "U32" or "F32" => 4,
        "I64" or "U64" or "F64" or "C64" => 8,
        _ => 0,
    };

    /// <summary>The writer's rank of a dtype (higher is written first).</summary>
    public static int Rank(string dtype) => Array.IndexOf(s_order, dtype);

    /// <summary>The safetensors name of a Trellis dtype.</summary>
    public static string FromDType(DType dtype) => dtype switch
    {
        DType.Float32 => "F32",
        DType.Float64 => "F64",
        DType.Int32 => "I32",
        DType.Int64 => "I64",
        DType.UInt8 => "U8",
        DType.Bool => "BOOL",
        DType.Float16 => "F16",
        DType.BFloat16 => "BF16",
        _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "Unknown dtype."),
    };

    /// <summary>The Trellis dtype a stored dtype is read as (exactly, or widened without loss), or null if none.</summary>
    public static DType? ToDType(string dtype) => dtype switch
    {
        "F32" => DType.Float32,
        "F64" => DType.Float64,
        "I32" or "I8" or "I16" or "U16" => DType.Int32,
        "I64" or "U32" => DType.Int64,
        "U8" => DType.UInt8,
        "BOOL" => DType.Bool,
        "F16" => DType.Float16,
        "BF16" => DType.BFloat16,
        _ => null,
    };
}
