namespace Trellis.Losses;

/// <summary>mean(yPred - yTrue log(yPred + 1e-7)) over the last axis.</summary>
/// <param name="reduction"><c>sum_over_batch_size</c>, <c>sum</c> or <c>none</c>.</param>
/// <param name="name">The loss name.</param>
public sealed class Poisson(string reduction = "sum_over_batch_size", string name = "poisson") : Loss(name, reduction)
{
    /// <inheritdoc/>
    public override Tensor Call(Tensor yTrue, Tensor yPred)
    {
        var y = MatchTargets(yTrue, yPred);
        return Ops.Mean(yPred - y * Ops.Log(yPred + Epsilon), -1);
    }
}
