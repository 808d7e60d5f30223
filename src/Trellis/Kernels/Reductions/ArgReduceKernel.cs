using System.Numerics;

namespace Trellis.Kernels.Reductions;

/// <summary>
/// Index of the largest (or smallest) element along one axis of a row-major array viewed as (outer, axisLength, inner),
/// with NumPy's rules: the first occurrence wins on ties, and the first NaN wins over any number.
/// </summary>
/// <remarks>
/// NOTE: there is no TensorPrimitives fast path on purpose. TensorPrimitives.IndexOfMax orders -0 below +0, so on
/// [-0.0, 0.0] it answers 1 where NumPy and TensorFlow answer 0; one plain loop keeps a single, NumPy-exact rule.
/// </remarks>
internal static class ArgReduceKernel
{
    /// <summary>Writes, for each (outer, inner) position, the index along the axis of the extreme element.</summary>
    /// <param name="x">(outer, axisLength, inner) input; axisLength is at least 1.</param>
    /// <param name="y">(outer, inner) indices.</param>
    /// <param name="outer">Product of the dimensions before the axis.</param>
    /// <param name="axisLength">Size of the searched axis.</param>
    /// <param name="inner">Product of the dimensions after the axis.</param>
    /// <param name="max">ArgMax when true, ArgMin when false.</param>
    public static void Run<T>(ReadOnlySpan<T> x, Span<long> y, int outer, int axisLength, int inner, bool max)
        where T : unmanaged, INumber<T>
    {
        for (int o = 0; o < outer; o++)
        {
            int block = o * axisLength * inner;
            for (int i = 0; i < inner; i++)
            {
                int start = block + i;
                T best = x[start];
                int bestIndex = 0;
                for (int a = 1; a < axisLength && !T.IsNaN(best); a++)
                {
                    T v = x[start + a * inner];
                    if (T.IsNaN(v) || (max ? v > best : v < best))
                    {
                        best = v;
                        bestIndex = a;
                    }
                }
                y[o * inner + i] = bestIndex;
            }
        }
    }
}
