namespace Trellis.Regularizers;

/// <summary>The penalty l1 * sum(|w|).</summary>
/// <param name="l1">Factor (Keras default 0.01).</param>
public sealed class L1(double l1 = 0.01) : L1L2(l1, 0.0)
{
    /// <inheritdoc/>
    public override string ClassName => "L1";

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() => new() { ["l1"] = L1Factor };
}
