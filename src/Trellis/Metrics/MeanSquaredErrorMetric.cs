namespace Trellis.Metrics;

/// <summary>The mean over samples of mean((yTrue - yPred)²) over the last axis (Keras metric <c>mean_squared_error</c>).</summary>
/// <param name="name">The name shown in logs.</param>
public sealed class MeanSquaredErrorMetric(string name = "mean_squared_error") : MeanMetricWrapper(name)
{
    /// <inheritdoc/>
    protected override Tensor Values(Tensor yTrue, Tensor yPred)
        => Ops.Mean(Ops.Square(Ops.Cast(yPred, DType.Float64) - Ops.Reshape(Ops.Cast(yTrue, DType.Float64), yPred.Shape)), -1);
}
