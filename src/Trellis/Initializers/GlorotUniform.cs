namespace Trellis.Initializers;

/// <summary>Glorot (Xavier) uniform: U(-limit, limit) with limit = sqrt(6 / (fan_in + fan_out)). The default for kernels.</summary>
/// <param name="seed">Seed; the same seed gives the same values on every call. Null draws fresh values each call.</param>
public sealed class GlorotUniform(long? seed = null) : VarianceScaling(1.0, "fan_avg", "uniform", seed)
{
    /// <inheritdoc/>
    public override string ClassName => "GlorotUniform";

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() => new() { ["seed"] = Seed };
}
