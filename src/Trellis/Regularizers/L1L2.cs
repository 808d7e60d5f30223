namespace Trellis.Regularizers;

/// <summary>The penalty l1 * sum(|w|) + l2 * sum(w²).</summary>
/// <param name="l1">L1 factor.</param>
/// <param name="l2">L2 factor.</param>
public class L1L2(double l1 = 0.0, double l2 = 0.0) : IRegularizer
{
    /// <summary>The L1 factor.</summary>
    public double L1Factor { get; } = l1;

    /// <summary>The L2 factor.</summary>
    public double L2Factor { get; } = l2;

    /// <inheritdoc/>
    public virtual string ClassName => "L1L2";

    /// <inheritdoc/>
    public Tensor Compute(Tensor weight)
    {
        ArgumentNullException.ThrowIfNull(weight);
        Tensor penalty = Tensor.Scalar(0, weight.DType);
        if (L1Factor != 0)
        {
            penalty = penalty + L1Factor * Ops.Sum(Ops.Abs(weight));
        }
        if (L2Factor != 0)
        {
            penalty = penalty + L2Factor * Ops.Sum(Ops.Square(weight));
        }
        return penalty;
    }

    /// <inheritdoc/>
    public virtual Dictionary<string, object?> GetConfig() => new() { ["l1"] = L1Factor, ["l2"] = L2Factor };
}
