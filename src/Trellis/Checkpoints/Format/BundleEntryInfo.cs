using Trellis.Checkpoints.Proto;

namespace Trellis.Checkpoints.Format;

/// <summary>What the index says about one stored tensor.</summary>
/// <param name="Key">The bundle key.</param>
/// <param name="DataType">The stored TensorFlow dtype (may be one Trellis has no tensor for, e.g. string).</param>
/// <param name="Shape">The stored shape.</param>
/// <param name="SizeInBytes">Bytes the tensor occupies in its data shard.</param>
internal sealed record BundleEntryInfo(string Key, DataType DataType, Shape Shape, long SizeInBytes)
{
    /// <summary>The Trellis dtype, or null when Trellis has no tensor type for <see cref="DataType"/>.</summary>
    public DType? DType => TfDataTypes.ToDType(DataType);

    /// <summary>True for DT_STRING tensors (read them with <see cref="BundleReader.ReadStrings"/>).</summary>
    public bool IsString => DataType == DataType.DtString;
}
