namespace Trellis.Losses;

/// <summary>mean(max(1 - yTrue yPred, 0)²) over the last axis; 0/1 labels are first mapped to -1/1, as in Keras.</summary>
/// <param name="reduction"><c>sum_over_batch_size</c>, <c>sum</c> or <c>none</c>.</param>
/// <param name="name">The loss name.</param>
public sealed class SquaredHinge(string reduction = "sum_over_batch_size", string name = "squared_hinge") : Loss(name, reduction)
{
    /// <inheritdoc/>
    public override Tensor Call(Tensor yTrue, Tensor yPred)
    {
        var y = MatchTargets(yTrue, yPred);
        return Ops.Mean(Ops.Square(Ops.Relu(1.0 - HingeLabels.Convert(y) * yPred)), -1);
    }
}
