using System.Runtime.CompilerServices;

namespace Trellis.Operations;

/// <summary>
/// Remembers the logits of each softmax output (over the last axis), so a cross-entropy on probabilities can work
/// from the logits instead, as Keras does (<c>_keras_logits</c>): exact where clipping the probabilities would lose
/// information, and one fused op instead of a renormalize-clip-log chain and its backward pass.
/// </summary>
internal static class SoftmaxLogits
{
    private static readonly ConditionalWeakTable<Tensor, Tensor> s_logits = [];

    public static void Remember(Tensor probabilities, Tensor logits) => s_logits.AddOrUpdate(probabilities, logits);

    /// <summary>The logits <paramref name="probabilities"/> were computed from by a last-axis softmax, or null.</summary>
    // NOTE: probabilities kept past a TensorScope may outlive their logits; then work from the probabilities.
    public static Tensor? Of(Tensor probabilities) => s_logits.TryGetValue(probabilities, out var logits) && !logits.IsReleased ? logits : null;
}
