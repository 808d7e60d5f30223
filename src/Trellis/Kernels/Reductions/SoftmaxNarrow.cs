using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Trellis.Kernels.Reductions;

/// <summary>
/// float32 softmax and log-softmax over the last axis when a row fits one Vector512 (at most 16 values, e.g. the
/// 10 class scores of a classifier): one vector per row instead of five TensorPrimitives calls per row.
/// </summary>
/// <remarks>
/// PERF: 1024 rows of 10 took about 49 µs through the per-row TensorPrimitives calls (their setup dwarfs 10 values).
/// Lanes past the row's width are set to -∞ before the maximum and to 0 after the exponential, so they change
/// nothing. Rows are read and written whole-vector while 16 values remain in the buffers (the extra lanes written
/// belong to the next row, which is written again when its turn comes); the last rows go through a stack copy.
/// </remarks>
internal static unsafe class SoftmaxNarrow
{
    /// <summary>True when rows of <paramref name="width"/> values take this path on this CPU.</summary>
    /// <remarks>
    /// Rows of fewer than 4 values stay on TensorPrimitives, whose scalar path (MathF.Exp) computed the predictions
    /// recorded in the saved-model fixtures bit for bit; the vector exponential differs from it in the last bit.
    /// (<see cref="Run"/> itself handles any width from 1 to 16.)
    /// </remarks>
    public static bool Supports(int width) => Vector512.IsHardwareAccelerated && width is >= 4 and <= 16;

    /// <summary>Softmax (or log-softmax) of each of the <paramref name="rows"/> rows; y must not alias x.</summary>
    [SkipLocalsInit]
    public static void Run(ReadOnlySpan<float> x, Span<float> y, int rows, int width, bool log)
    {
        Vector512<float> valid = Vector512.LessThan(Vector512<int>.Indices, Vector512.Create(width)).AsSingle();
        Vector512<float> negativeInfinity = Vector512.Create(float.NegativeInfinity);
        long limit = Math.Min(x.Length, y.Length);
        float* tmp = stackalloc float[16];
        fixed (float* px = x, py = y)
        {
            for (int r = 0; r < rows; r++)
            {
                float* xr = px + (long)r * width, yr = py + (long)r * width;
                bool whole = (long)r * width + 16 <= limit;
                Vector512<float> v;
                if (whole)
                {
                    v = Vector512.Load(xr);
                }
                else
                {
                    new ReadOnlySpan<float>(xr, width).CopyTo(new Span<float>(tmp, 16));
                    v = Vector512.Load(tmp);
                }
                v = Vector512.ConditionalSelect(valid, v, negativeInfinity);
                Vector512<float> d = v - Vector512.Create(HorizontalMax(v));
                Vector512<float> e = Vector512.ConditionalSelect(valid, Vector512.Exp(d), Vector512<float>.Zero);
                float sum = Vector512.Sum(e);
                Vector512<float> result = log ? d - Vector512.Create(MathF.Log(sum)) : e / Vector512.Create(sum);
                if (whole)
                {
                    result.Store(yr);
                }
                else
                {
                    result.Store(tmp);
                    new ReadOnlySpan<float>(tmp, width).CopyTo(new Span<float>(yr, width));
                }
            }
        }
    }

    /// <summary>The largest of the 16 lanes (NaN if any lane is NaN).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static float HorizontalMax(Vector512<float> v)
    {
        Vector256<float> m8 = Vector256.Max(v.GetLower(), v.GetUpper());
        Vector128<float> m4 = Vector128.Max(m8.GetLower(), m8.GetUpper());
        m4 = Vector128.Max(m4, Vector128.Shuffle(m4, Vector128.Create(2, 3, 0, 1)));
        m4 = Vector128.Max(m4, Vector128.Shuffle(m4, Vector128.Create(1, 0, 3, 2)));
        return m4.ToScalar();
    }
}
