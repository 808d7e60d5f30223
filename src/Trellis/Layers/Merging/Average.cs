namespace Trellis.Layers.Merging;

/// <summary>The element-wise mean of the inputs.</summary>
/// <param name="name">The layer name.</param>
/// <param name="dtype">float32 or float64.</param>
public sealed class Average(string? name = null, DType dtype = DType.Float32) : Merge(name, dtype)
{
    /// <inheritdoc/>
    protected override Tensor Combine(IReadOnlyList<Tensor> inputs)
        => inputs.Skip(1).Aggregate(inputs[0], Ops.Add) / inputs.Count;
}
