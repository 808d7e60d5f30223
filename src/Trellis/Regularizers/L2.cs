namespace Trellis.Regularizers;

/// <summary>The penalty l2 * sum(w²).</summary>
/// <param name="l2">Factor (Keras default 0.01).</param>
public sealed class L2(double l2 = 0.01) : L1L2(0.0, l2)
{
    /// <inheritdoc/>
    public override string ClassName => "L2";

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() => new() { ["l2"] = L2Factor };
}
