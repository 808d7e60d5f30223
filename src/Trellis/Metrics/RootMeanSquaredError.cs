namespace Trellis.Metrics;

/// <summary>sqrt of the mean squared error over all elements seen (Keras <c>RootMeanSquaredError</c>).</summary>
/// <param name="name">The name shown in logs.</param>
public sealed class RootMeanSquaredError(string name = "root_mean_squared_error") : MeanMetricWrapper(name)
{
    /// <inheritdoc/>
    public override Tensor Result() => Tensor.Scalar(Math.Sqrt(base.Result().GetAsDouble(0)), DType.Float32);

    /// <inheritdoc/>
    protected override Tensor Values(Tensor yTrue, Tensor yPred)
        => Ops.Square(Ops.Cast(yPred, DType.Float64) - Ops.Reshape(Ops.Cast(yTrue, DType.Float64), yPred.Shape));
}
