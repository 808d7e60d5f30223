using Trellis.Operations;

namespace Trellis;

public static partial class Ops
{
    /// <summary>Cross-entropy of <paramref name="targets"/> against softmax(<paramref name="logits"/>) over the last axis, in one op.</summary>
    /// <param name="targets">Target distributions (one-hot or soft), the shape and dtype of the logits.</param>
    /// <param name="logits">Float32 or float64 logits, rank ≥ 1; classes on the last axis.</param>
    /// <returns>One loss per row: Σⱼ yⱼ (logsumexp(z) − zⱼ), shaped as the logits without their last axis.</returns>
    /// <remarks>Exact for any logits (no probability is clipped). Gradient: u·(Σy · softmax(z) − y) for the logits.</remarks>
    /// <exception cref="ArgumentException">The shapes or dtypes differ, or the dtype is not floating point.</exception>
    public static Tensor SoftmaxCrossEntropyWithLogits(Tensor targets, Tensor logits) =>
        OpDispatcher.Run(SoftmaxCrossEntropyOp.Instance, logits, targets);
}
