namespace Trellis.Losses;

/// <summary>mean((yTrue - yPred)²) over the last axis.</summary>
/// <param name="reduction"><c>sum_over_batch_size</c>, <c>sum</c> or <c>none</c>.</param>
/// <param name="name">The loss name.</param>
public sealed class MeanSquaredError(string reduction = "sum_over_batch_size", string name = "mean_squared_error") : Loss(name, reduction)
{
    /// <inheritdoc/>
    public override Tensor Call(Tensor yTrue, Tensor yPred) => Ops.Mean(Ops.Square(yPred - MatchTargets(yTrue, yPred)), -1);
}
