namespace Trellis.Layers.Merging;

/// <summary>The difference of exactly two inputs: inputs[0] - inputs[1].</summary>
/// <param name="name">The layer name.</param>
/// <param name="dtype">float32 or float64.</param>
public sealed class Subtract(string? name = null, DType dtype = DType.Float32) : Merge(name, dtype)
{
    /// <inheritdoc/>
    protected override Tensor Combine(IReadOnlyList<Tensor> inputs)
        => inputs[0] - inputs[1];

    /// <inheritdoc/>
    protected override int MaxInputs => 2;
}
