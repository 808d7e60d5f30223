namespace Trellis.Metrics;

/// <summary>How often (yPred &gt; threshold) equals yTrue, averaged over the last axis per sample.</summary>
/// <param name="threshold">The decision threshold.</param>
/// <param name="name">The name shown in logs.</param>
public sealed class BinaryAccuracy(double threshold = 0.5, string name = "binary_accuracy") : MeanMetricWrapper(name)
{
    /// <summary>The decision threshold.</summary>
    public double Threshold { get; } = threshold;

    /// <inheritdoc/>
    protected override Tensor Values(Tensor yTrue, Tensor yPred)
    {
        var predicted = Ops.Cast(Ops.Greater(Ops.Cast(yPred, DType.Float64), Tensor.Scalar(Threshold, DType.Float64)), DType.Float32);
        var target = Ops.Reshape(Ops.Cast(yTrue, DType.Float32), predicted.Shape);
        var hits = Ops.Cast(Ops.Equal(target, predicted), DType.Float32);
        return hits.Rank > 1 ? Ops.Mean(hits, -1) : hits;
    }
}
