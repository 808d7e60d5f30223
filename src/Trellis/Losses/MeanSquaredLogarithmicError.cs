namespace Trellis.Losses;

/// <summary>mean((log(max(yPred, 1e-7) + 1) - log(max(yTrue, 1e-7) + 1))²) over the last axis.</summary>
/// <param name="reduction"><c>sum_over_batch_size</c>, <c>sum</c> or <c>none</c>.</param>
/// <param name="name">The loss name.</param>
public sealed class MeanSquaredLogarithmicError(string reduction = "sum_over_batch_size", string name = "mean_squared_logarithmic_error") : Loss(name, reduction)
{
    /// <inheritdoc/>
    public override Tensor Call(Tensor yTrue, Tensor yPred)
    {
        var y = MatchTargets(yTrue, yPred);
        var eps = Tensor.Scalar(Epsilon, yPred.DType);
        return Ops.Mean(Ops.Square(Ops.Log1p(Ops.Maximum(yPred, eps)) - Ops.Log1p(Ops.Maximum(y, eps))), -1);
    }
}
