namespace Trellis.Losses;

/// <summary>Log-probabilities as Keras computes them for cross-entropy losses.</summary>
internal static class CrossentropyMath
{
    private const double Epsilon = 1e-7;

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
