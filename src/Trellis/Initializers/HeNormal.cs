namespace Trellis.Initializers;

/// <summary>He normal: truncated normal with stddev = sqrt(2 / fan_in).</summary>
/// <param name="seed">Seed; the same seed gives the same values on every call. Null draws fresh values each call.</param>
public sealed class HeNormal(long? seed = null) : VarianceScaling(2.0, "fan_in", "truncated_normal", seed)
{
    /// <inheritdoc/>
    public override string ClassName => "HeNormal";

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() => new() { ["seed"] = Seed };
}
