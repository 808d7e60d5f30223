namespace Trellis.Losses;

/// <summary>Quadratic for small errors, linear for large ones: mean(0.5 q² + delta (|e| - q)) with q = min(|e|, delta).</summary>
/// <param name="delta">Where the loss turns linear.</param>
/// <param name="reduction"><c>sum_over_batch_size</c>, <c>sum</c> or <c>none</c>.</param>
/// <param name="name">The loss name.</param>
public sealed class Huber(double delta = 1.0, string reduction = "sum_over_batch_size", string name = "huber_loss") : Loss(name, reduction)
{
    /// <summary>Where the loss turns linear.</summary>
    public double Delta { get; } = delta;

    /// <inheritdoc/>
    public override Tensor Call(Tensor yTrue, Tensor yPred)
    {
        var error = Ops.Abs(yPred - MatchTargets(yTrue, yPred));
        var quadratic = Ops.Minimum(error, Tensor.Scalar(Delta, yPred.DType));
        return Ops.Mean(0.5 * Ops.Square(quadratic) + Delta * (error - quadratic), -1);
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["delta"] = Delta;
        return config;
    }
}
