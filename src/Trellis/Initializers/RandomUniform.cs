namespace Trellis.Initializers;

/// <summary>Uniform values in [minval, maxval).</summary>
/// <param name="minval">Inclusive lower bound.</param>
/// <param name="maxval">Exclusive upper bound.</param>
/// <param name="seed">Seed; the same seed gives the same values on every call. Null draws fresh values each call.</param>
public sealed class RandomUniform(double minval = -0.05, double maxval = 0.05, long? seed = null) : IInitializer
{
    /// <inheritdoc/>
    public string ClassName => "RandomUniform";

    /// <inheritdoc/>
    public Tensor Create(Shape shape, DType dtype) => Tensor.RandomUniform(shape, minval, maxval, seed, dtype);

    /// <inheritdoc/>
    public Dictionary<string, object?> GetConfig() => new() { ["minval"] = minval, ["maxval"] = maxval, ["seed"] = seed };
}
