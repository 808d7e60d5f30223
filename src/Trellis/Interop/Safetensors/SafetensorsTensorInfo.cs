namespace Trellis.Interop.Safetensors;

/// <summary>One header entry of a safetensors file, as <see cref="SafetensorsFile.Tensors"/> lists it.</summary>
/// <param name="Name">The tensor name (the JSON key).</param>
/// <param name="DType">The safetensors dtype string: <c>F32</c>, <c>I8</c>, <c>BF16</c> ...</param>
/// <param name="Shape">The shape; a scalar has rank 0.</param>
/// <param name="Begin">Offset of the first byte, relative to the start of the data section (after the header).</param>
/// <param name="End">Offset one past the last byte, relative to the start of the data section.</param>
public sealed record SafetensorsTensorInfo(string Name, string DType, Shape Shape, long Begin, long End)
{
    /// <summary>The number of stored bytes (<see cref="End"/> − <see cref="Begin"/>).</summary>
    public long ByteCount => End - Begin;
}
