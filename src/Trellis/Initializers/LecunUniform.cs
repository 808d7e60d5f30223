namespace Trellis.Initializers;

/// <summary>LeCun uniform: U(-limit, limit) with limit = sqrt(3 / fan_in).</summary>
/// <param name="seed">Seed; the same seed gives the same values on every call. Null draws fresh values each call.</param>
public sealed class LecunUniform(long? seed = null) : VarianceScaling(1.0, "fan_in", "uniform", seed)
{
    /// <inheritdoc/>
    public override string ClassName => "LecunUniform";

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() => new() { ["seed"] = Seed };
}
