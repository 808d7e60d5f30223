namespace Trellis.Losses;

/// <summary>Log-probabilities as Keras computes them for cross-entropy losses.</summary>
internal static class CrossentropyMath
{
    private const double Epsilon = 1e-7;

    /// <summary>
    /// −Σ y log p over <paramref name="axis"/>, computed from the logits when the probabilities came from a last-axis
    /// softmax (as Keras does with a softmax output's <c>_keras_logits</c>): one fused op, and exact where clipping
    /// the probabilities would saturate.
    /// </summary>
    public static Tensor CrossEntropy(Tensor y, Tensor yPred, bool fromLogits, int axis)
    {
        bool lastAxis = axis == -1 || axis == yPred.Rank - 1;
        var logits = fromLogits ? yPred : Operations.SoftmaxLogits.Of(yPred);
        if (lastAxis && logits is not null && y.Shape == logits.Shape && y.DType == logits.DType)
        {
            return Ops.SoftmaxCrossEntropyWithLogits(y, logits);
        }
        return -Ops.Sum(y * LogProbabilities(yPred, fromLogits, axis), axis);
    }

    public static Tensor LogProbabilities(Tensor yPred, bool fromLogits, int axis)
    {
        if (fromLogits)
        {
            return Ops.LogSoftmax(yPred, axis);
        }
        // COMPAT: Keras renormalizes probabilities and clips them away from 0 and 1 before the log.
        var p = yPred / Ops.Sum(yPred, axis, keepDims: true);
        return Ops.Log(Ops.Clip(p, Epsilon, 1 - Epsilon));
    }
}
