namespace Trellis.Initializers;

/// <summary>Normal values N(mean, stddev²) redrawn when more than two standard deviations from the mean.</summary>
/// <param name="mean">Mean.</param>
/// <param name="stddev">Standard deviation before truncation.</param>
/// <param name="seed">Seed; the same seed gives the same values on every call. Null draws fresh values each call.</param>
public sealed class TruncatedNormal(double mean = 0.0, double stddev = 0.05, long? seed = null) : IInitializer
{
    /// <inheritdoc/>
    public string ClassName => "TruncatedNormal";

    /// <inheritdoc/>
    public Tensor Create(Shape shape, DType dtype) => Tensor.TruncatedNormal(shape, mean, stddev, seed, dtype);

    /// <inheritdoc/>
    public Dictionary<string, object?> GetConfig() => new() { ["mean"] = mean, ["stddev"] = stddev, ["seed"] = seed };
}
