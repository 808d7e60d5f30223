namespace Trellis.Metrics;

/// <summary>How often yPred equals yTrue exactly, element by element.</summary>
/// <param name="name">The name shown in logs.</param>
public sealed class Accuracy(string name = "accuracy") : MeanMetricWrapper(name)
{
    /// <inheritdoc/>
    protected override Tensor Values(Tensor yTrue, Tensor yPred)
        => Ops.Cast(Ops.Equal(Ops.Cast(yTrue, yPred.DType), yPred), DType.Float32);
}
