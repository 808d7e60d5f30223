namespace Trellis.Losses;

/// <summary>sum(y log(y / p)) over the last axis with y and p clipped to [1e-7, 1].</summary>
/// <param name="reduction"><c>sum_over_batch_size</c>, <c>sum</c> or <c>none</c>.</param>
/// <param name="name">The loss name.</param>
public sealed class KLDivergence(string reduction = "sum_over_batch_size", string name = "kl_divergence") : Loss(name, reduction)
{
    /// <inheritdoc/>
    public override Tensor Call(Tensor yTrue, Tensor yPred)
    {
        var y = MatchTargets(yTrue, yPred);
        var t = Ops.Clip(y, Epsilon, 1);
        var p = Ops.Clip(yPred, Epsilon, 1);
        return Ops.Sum(t * Ops.Log(t / p), -1);
    }
}
