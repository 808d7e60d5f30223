namespace Trellis;

/// <summary>The element type of a <see cref="Tensor"/>.</summary>
/// <remarks>
/// The numeric values equal TensorFlow's <c>DataType</c> enum, so checkpoint headers can store them as they are.
/// <see cref="Float16"/> and <see cref="BFloat16"/> are storage types: ops compute on float32 or float64,
/// so cast them first (<see cref="Ops.Cast"/>).
/// </remarks>
public enum DType
{
    /// <summary>32-bit IEEE float, the default.</summary>
    Float32 = 1,
    /// <summary>64-bit IEEE float.</summary>
    Float64 = 2,
    /// <summary>32-bit signed integer.</summary>
    Int32 = 3,
    /// <summary>8-bit unsigned integer.</summary>
    UInt8 = 4,
    /// <summary>64-bit signed integer.</summary>
    Int64 = 9,
    /// <summary>Boolean.</summary>
    Bool = 10,
    /// <summary>16-bit brain float (storage only).</summary>
    BFloat16 = 14,
    /// <summary>16-bit IEEE float (storage only).</summary>
    Float16 = 19,
}
