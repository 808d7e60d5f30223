namespace Trellis.Losses;

/// <summary>mean(log(cosh(yPred - yTrue))) over the last axis, computed stably as x + softplus(-2x) - log 2.</summary>
/// <param name="reduction"><c>sum_over_batch_size</c>, <c>sum</c> or <c>none</c>.</param>
/// <param name="name">The loss name.</param>
public sealed class LogCosh(string reduction = "sum_over_batch_size", string name = "log_cosh") : Loss(name, reduction)
{
    /// <inheritdoc/>
    public override Tensor Call(Tensor yTrue, Tensor yPred)
    {
        var y = MatchTargets(yTrue, yPred);
        var x = yPred - y;
        return Ops.Mean(x + Ops.Softplus(-2.0 * x) - Math.Log(2.0), -1);
    }
}
