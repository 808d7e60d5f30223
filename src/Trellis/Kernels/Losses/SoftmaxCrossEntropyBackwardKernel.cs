using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Trellis.Kernels.Reductions;

namespace Trellis.Kernels.Losses;

/// <summary>
/// The gradients of the per-row cross-entropy, one pass each: for the logits dz = u·(Σy · softmax(z) − y), for the
/// targets dy = −u·log_softmax(z), for each row (the last axis, length <c>classes</c>), u being the row's upstream.
/// </summary>
internal static unsafe class SoftmaxCrossEntropyBackwardKernel
{
    public static void Run<T>(ReadOnlySpan<T> logits, ReadOnlySpan<T> labels, ReadOnlySpan<T> upstream, Span<T> dLogits, int classes)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(float) && SoftmaxNarrow.Supports(classes))
        {
            RunNarrow(MemoryMarshal.Cast<T, float>(logits), MemoryMarshal.Cast<T, float>(labels), MemoryMarshal.Cast<T, float>(upstream),
                MemoryMarshal.Cast<T, float>(dLogits), classes);
            return;
        }
        for (int r = 0; r < upstream.Length; r++)
        {
            var z = logits.Slice(r * classes, classes);
            var y = labels.Slice(r * classes, classes);
            var dz = dLogits.Slice(r * classes, classes);
            T max = T.NegativeInfinity, sum = T.Zero, targets = T.Zero;
            for (int j = 0; j < classes; j++)
            {
                max = T.IsNaN(z[j]) || z[j] > max ? z[j] : max;
                targets += y[j];
            }
            for (int j = 0; j < classes; j++)
            {
                dz[j] = T.Exp(z[j] - max);
                sum += dz[j];
            }
            T u = upstream[r], scale = targets / sum;
            for (int j = 0; j < classes; j++)
            {
                dz[j] = u * (scale * dz[j] - y[j]);
            }
        }
    }

    /// <summary>float32 rows of 4 to 16 classes, one Vector512 per row (as <see cref="SoftmaxNarrow"/>).</summary>
    [SkipLocalsInit]
    private static void RunNarrow(ReadOnlySpan<float> logits, ReadOnlySpan<float> labels, ReadOnlySpan<float> upstream, Span<float> dLogits, int classes)
    {
        Vector512<float> valid = NarrowRows.Mask(classes);
        long length = logits.Length;
        float* scratch = stackalloc float[16];
        fixed (float* pz = logits, py = labels, pd = dLogits)
        {
            for (int r = 0; r < upstream.Length; r++)
            {
                long offset = (long)r * classes;
                Vector512<float> z = NarrowRows.Load(pz, offset, length, classes, valid, float.NegativeInfinity, scratch);
                Vector512<float> y = NarrowRows.Load(py, offset, length, classes, valid, 0f, scratch);
                Vector512<float> e = Vector512.ConditionalSelect(valid, Vector512.Exp(z - Vector512.Create(SoftmaxNarrow.HorizontalMax(z))), Vector512<float>.Zero);
                float scale = Vector512.Sum(y) / Vector512.Sum(e);
                Vector512<float> dz = Vector512.Create(upstream[r]) * (Vector512.Create(scale) * e - y);
                NarrowRows.Store(dz, pd, offset, length, classes, scratch); // rows in order: spilled lanes are rewritten
            }
        }
    }

    /// <summary>The targets' gradient dy = −u·(z − logsumexp(z)), row by row.</summary>
    public static void Targets<T>(ReadOnlySpan<T> logits, ReadOnlySpan<T> upstream, Span<T> dLabels, int classes)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(float) && SoftmaxNarrow.Supports(classes))
        {
            TargetsNarrow(MemoryMarshal.Cast<T, float>(logits), MemoryMarshal.Cast<T, float>(upstream), MemoryMarshal.Cast<T, float>(dLabels), classes);
            return;
        }
        for (int r = 0; r < upstream.Length; r++)
        {
            var z = logits.Slice(r * classes, classes);
            var dy = dLabels.Slice(r * classes, classes);
            T lse = SoftmaxCrossEntropyKernel.LogSumExp(z), u = upstream[r];
            for (int j = 0; j < classes; j++)
            {
                dy[j] = -(u * (z[j] - lse));
            }
        }
    }

    [SkipLocalsInit]
    private static void TargetsNarrow(ReadOnlySpan<float> logits, ReadOnlySpan<float> upstream, Span<float> dLabels, int classes)
    {
        Vector512<float> valid = NarrowRows.Mask(classes);
        long length = logits.Length;
        float* scratch = stackalloc float[16];
        fixed (float* pz = logits, pd = dLabels)
        {
            for (int r = 0; r < upstream.Length; r++)
            {
                long offset = (long)r * classes;
                Vector512<float> z = NarrowRows.Load(pz, offset, length, classes, valid, float.NegativeInfinity, scratch);
                float max = SoftmaxNarrow.HorizontalMax(z);
                float lse = max + MathF.Log(Vector512.Sum(Vector512.ConditionalSelect(valid, Vector512.Exp(z - Vector512.Create(max)), Vector512<float>.Zero)));
                Vector512<float> dy = -(Vector512.Create(upstream[r]) * (z - Vector512.Create(lse)));
                NarrowRows.Store(dy, pd, offset, length, classes, scratch); // rows in order: spilled lanes are rewritten
            }
        }
    }
}
