namespace Trellis.Metrics;

/// <summary>How often argmax(yPred) equals the integer label in yTrue (shape (batch) or (batch, 1)).</summary>
/// <param name="name">The name shown in logs.</param>
public sealed class SparseCategoricalAccuracy(string name = "sparse_categorical_accuracy") : MeanMetricWrapper(name)
{
    /// <inheritdoc/>
    protected override Tensor Values(Tensor yTrue, Tensor yPred)
    {
        var predicted = Ops.Cast(Ops.ArgMax(yPred, -1), DType.Int64);
        var labels = Ops.Cast(Ops.Reshape(yTrue, predicted.Shape), DType.Int64);
        return Ops.Cast(Ops.Equal(labels, predicted), DType.Float32);
    }
}
