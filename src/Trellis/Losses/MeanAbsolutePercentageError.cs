namespace Trellis.Losses;

/// <summary>100 * mean(|yTrue - yPred| / max(|yTrue|, 1e-7)) over the last axis.</summary>
/// <param name="reduction"><c>sum_over_batch_size</c>, <c>sum</c> or <c>none</c>.</param>
/// <param name="name">The loss name.</param>
public sealed class MeanAbsolutePercentageError(string reduction = "sum_over_batch_size", string name = "mean_absolute_percentage_error") : Loss(name, reduction)
{
    /// <inheritdoc/>
    public override Tensor Call(Tensor yTrue, Tensor yPred)
    {
        var y = MatchTargets(yTrue, yPred);
        return 100.0 * Ops.Mean(Ops.Abs((y - yPred) / Ops.Maximum(Ops.Abs(y), Tensor.Scalar(Epsilon, yPred.DType))), -1);
    }
}
