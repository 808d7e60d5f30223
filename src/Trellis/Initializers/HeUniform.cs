namespace Trellis.Initializers;

/// <summary>He uniform: U(-limit, limit) with limit = sqrt(6 / fan_in).</summary>
/// <param name="seed">Seed; the same seed gives the same values on every call. Null draws fresh values each call.</param>
public sealed class HeUniform(long? seed = null) : VarianceScaling(2.0, "fan_in", "uniform", seed)
{
    /// <inheritdoc/>
    public override string ClassName => "HeUniform";

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() => new() { ["seed"] = Seed };
}
