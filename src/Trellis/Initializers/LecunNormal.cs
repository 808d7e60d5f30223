namespace Trellis.Initializers;

/// <summary>LeCun normal: truncated normal with stddev = sqrt(1 / fan_in).</summary>
/// <param name="seed">Seed; the same seed gives the same values on every call. Null draws fresh values each call.</param>
public sealed class LecunNormal(long? seed = null) : VarianceScaling(1.0, "fan_in", "truncated_normal", seed)
{
    /// <inheritdoc/>
    public override string ClassName => "LecunNormal";

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() => new() { ["seed"] = Seed };
}
