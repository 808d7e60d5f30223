namespace Trellis.Initializers;

/// <summary>Glorot (Xavier) normal: truncated normal with stddev = sqrt(2 / (fan_in + fan_out)).</summary>
/// <param name="seed">Seed; the same seed gives the same values on every call. Null draws fresh values each call.</param>
public sealed class GlorotNormal(long? seed = null) : VarianceScaling(1.0, "fan_avg", "truncated_normal", seed)
{
    /// <inheritdoc/>
    public override string ClassName => "GlorotNormal";

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() => new() { ["seed"] = Seed };
}
