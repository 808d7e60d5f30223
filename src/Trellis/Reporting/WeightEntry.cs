namespace Trellis.Reporting;

/// <summary>One stored tensor of a weights file, as <see cref="WeightsFile.Entries"/> lists it.</summary>
/// <param name="Key">The checkpoint key or safetensors name.</param>
/// <param name="DType">The stored element type: a Trellis name (<c>float32</c>, <c>int64</c>...) or the file's own (<c>string</c>, <c>int8</c>...).</param>
/// <param name="Shape">The stored shape.</param>
/// <param name="Bytes">The stored size in bytes.</param>
public sealed record WeightEntry(string Key, string DType, Shape Shape, long Bytes);
