namespace Trellis.Metrics;

/// <summary>The mean over samples of mean(|yTrue - yPred|) over the last axis (Keras metric <c>mean_absolute_error</c>).</summary>
/// <param name="name">The name shown in logs.</param>
public sealed class MeanAbsoluteErrorMetric(string name = "mean_absolute_error") : MeanMetricWrapper(name)
{
    /// <inheritdoc/>
    protected override Tensor Values(Tensor yTrue, Tensor yPred)
        => Ops.Mean(Ops.Abs(Ops.Cast(yPred, DType.Float64) - Ops.Reshape(Ops.Cast(yTrue, DType.Float64), yPred.Shape)), -1);
}
