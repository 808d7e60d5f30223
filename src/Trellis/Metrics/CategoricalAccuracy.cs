namespace Trellis.Metrics;

/// <summary>How often argmax(yPred) equals argmax(yTrue), for one-hot targets.</summary>
/// <param name="name">The name shown in logs.</param>
public sealed class CategoricalAccuracy(string name = "categorical_accuracy") : MeanMetricWrapper(name)
{
    /// <inheritdoc/>
    protected override Tensor Values(Tensor yTrue, Tensor yPred)
        => Ops.Cast(Ops.Equal(Ops.ArgMax(yTrue, -1), Ops.ArgMax(yPred, -1)), DType.Float32);
}
