using System.Numerics;

namespace Trellis.Kernels.Losses;

/// <summary>
/// Per-row cross-entropy from logits: loss = Σⱼ yⱼ (lse − zⱼ), lse = m + log Σⱼ exp(zⱼ − m), m = maxⱼ zⱼ. Rows are the
/// last axis (length <c>classes</c>).
/// </summary>
internal static class SoftmaxCrossEntropyKernel
{
    public static void Forward<T>(ReadOnlySpan<T> logits, ReadOnlySpan<T> labels, Span<T> losses, int classes)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int r = 0; r < losses.Length; r++)
        {
            var z = logits.Slice(r * classes, classes);
            var y = labels.Slice(r * classes, classes);
            T max = T.NegativeInfinity;
            for (int j = 0; j < classes; j++)
            {
                max = T.IsNaN(z[j]) || z[j] > max ? z[j] : max;
            }
            T sum = T.Zero;
            for (int j = 0; j < classes; j++)
            {
                sum += T.Exp(z[j] - max);
            }
            T lse = max + T.Log(sum);
            T loss = T.Zero;
            for (int j = 0; j < classes; j++)
            {
                loss += y[j] * (lse - z[j]);
            }
            losses[r] = loss;
        }
    }
}
