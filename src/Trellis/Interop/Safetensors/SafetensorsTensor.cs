namespace Trellis.Interop.Safetensors;

/// <summary>
/// One tensor of a safetensors file in its stored form: the format's dtype string, the shape and the raw
/// little-endian bytes. Used for dtypes Trellis has no <see cref="Trellis.DType"/> for (I8, U16, U64, F8 ...)
/// and for copying files without conversion.
/// </summary>
/// <param name="Name">The tensor name (the JSON key).</param>
/// <param name="DType">The safetensors dtype string: <c>F32</c>, <c>I8</c>, <c>BF16</c> ...</param>
/// <param name="Shape">The shape; a scalar has rank 0.</param>
/// <param name="Data">Row-major little-endian element bytes; length = elements × element size.</param>
public sealed record SafetensorsTensor(string Name, string DType, Shape Shape, byte[] Data);
