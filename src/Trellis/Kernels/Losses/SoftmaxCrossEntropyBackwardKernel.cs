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
        Vector512<float> valid = Vector512.LessThan(Vector512<int>.Indices, Vector512.Create(classes)).AsSingle();
        long limit = logits.Length;
        float* tmp = stackalloc float[48];
        fixed (float* pz = logits, py = labels, pd = dLogits)
        {
            for (int r = 0; r < upstream.Length; r++)
            {
                long offset = (long)r * classes;
                bool whole = offset + 16 <= limit;
                Vector512<float> z, y;
                if (whole)
                {
                    z = Vector512.Load(pz + offset);
                    y = Vector512.Load(py + offset);
                }
                else
                {
                    new ReadOnlySpan<float>(pz + offset, classes).CopyTo(new Span<float>(tmp, 16));
                    new ReadOnlySpan<float>(py + offset, classes).CopyTo(new Span<float>(tmp + 16, 16));
                    z = Vector512.Load(tmp);
                    y = Vector512.Load(tmp + 16);
                }
                z = Vector512.ConditionalSelect(valid, z, Vector512.Create(float.NegativeInfinity));
                y = Vector512.ConditionalSelect(valid, y, Vector512<float>.Zero);
                Vector512<float> e = Vector512.ConditionalSelect(valid, Vector512.Exp(z - Vector512.Create(SoftmaxNarrow.HorizontalMax(z))), Vector512<float>.Zero);
                float scale = Vector512.Sum(y) / Vector512.Sum(e);
                Vector512<float> dz = Vector512.Create(upstream[r]) * (Vector512.Create(scale) * e - y);
                if (whole)
                {
                    // The lanes past the row land on the next row's gradient, which is written in its turn.
                    dz.Store(pd + offset);
                }
                else
                {
                    dz.Store(tmp + 32);
                    new ReadOnlySpan<float>(tmp + 32, classes).CopyTo(new Span<float>(pd + offset, classes));
                }
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
            T max = T.NegativeInfinity, sum = T.Zero;
            for (int j = 0; j < classes; j++)
            {
                max = T.IsNaN(z[j]) || z[j] > max ? z[j] : max;
            }
            for (int j = 0; j < classes; j++)
            {
                sum += T.Exp(z[j] - max);
            }
            T lse = max + T.Log(sum), u = upstream[r];
            for (int j = 0; j < classes; j++)
            {
                dy[j] = -(u * (z[j] - lse));
            }
        }
    }

    [SkipLocalsInit]
    private static void TargetsNarrow(ReadOnlySpan<float> logits, ReadOnlySpan<float> upstream, Span<float> dLabels, int classes)
    {
        Vector512<float> valid = Vector512.LessThan(Vector512<int>.Indices, Vector512.Create(classes)).AsSingle();
        long limit = logits.Length;
        float* tmp = stackalloc float[32];
        fixed (float* pz = logits, pd = dLabels)
        {
            for (int r = 0; r < upstream.Length; r++)
            {
                long offset = (long)r * classes;
                bool whole = offset + 16 <= limit;
                Vector512<float> z;
                if (whole)
                {
                    z = Vector512.Load(pz + offset);
                }
                else
                {
                    new ReadOnlySpan<float>(pz + offset, classes).CopyTo(new Span<float>(tmp, 16));
                    z = Vector512.Load(tmp);
                }
                z = Vector512.ConditionalSelect(valid, z, Vector512.Create(float.NegativeInfinity));
                float max = SoftmaxNarrow.HorizontalMax(z);
                float lse = max + MathF.Log(Vector512.Sum(Vector512.ConditionalSelect(valid, Vector512.Exp(z - Vector512.Create(max)), Vector512<float>.Zero)));
                Vector512<float> dy = -(Vector512.Create(upstream[r]) * (z - Vector512.Create(lse)));
                if (whole)
                {
                    dy.Store(pd + offset); // the lanes past the row are rewritten by the next row
                }
                else
                {
                    dy.Store(tmp + 16);
                    new ReadOnlySpan<float>(tmp + 16, classes).CopyTo(new Span<float>(pd + offset, classes));
                }
            }
        }
    }
}
