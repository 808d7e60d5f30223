namespace Trellis.Losses;

/// <summary>-sum(l2_normalize(yTrue) l2_normalize(yPred)) over the last axis: -1 for parallel vectors.</summary>
/// <param name="reduction"><c>sum_over_batch_size</c>, <c>sum</c> or <c>none</c>.</param>
/// <param name="name">The loss name.</param>
public sealed class CosineSimilarity(string reduction = "sum_over_batch_size", string name = "cosine_similarity") : Loss(name, reduction)
{
    /// <inheritdoc/>
    public override Tensor Call(Tensor yTrue, Tensor yPred)
    {
        var y = MatchTargets(yTrue, yPred);
        return -Ops.Sum(HingeLabels.L2Normalize(y) * HingeLabels.L2Normalize(yPred), -1);
    }
}
