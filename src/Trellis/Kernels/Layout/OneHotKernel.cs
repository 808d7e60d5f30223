using System.Numerics;

namespace Trellis.Kernels.Layout;

/// <summary>
/// One-hot encoding: with indices viewed as (outer, inner) and the depth axis between them,
/// out[o, d, i] = indices[o, i] == d ? on : off. Indices outside [0, depth) give a row of off values (TensorFlow).
/// </summary>
internal static class OneHotKernel
{
    /// <summary>Writes the (outer, depth, inner) output of es-byte elements; on and off are one element each.</summary>
    public static void Run<TIndex>(ReadOnlySpan<TIndex> indices, int outer, int depth, int inner, ReadOnlySpan<byte> on, ReadOnlySpan<byte> off, Span<byte> dst, int es, bool reference)
        where TIndex : IBinaryInteger<TIndex>
    {
        if (reference)
        {
            int total = outer * depth * inner;
            for (int flat = 0; flat < total; flat++)
            {
                int i = flat % inner;
                int d = flat / inner % depth;
                int o = flat / (inner * depth);
                bool hot = long.CreateTruncating(indices[o * inner + i]) == d;
                (hot ? on : off).CopyTo(dst.Slice(flat * es, es));
            }
            return;
        }
        LayoutKernels.Fill(dst, off, es);
        for (int o = 0; o < outer; o++)
        {
            for (int i = 0; i < inner; i++)
            {
                long d = long.CreateTruncating(indices[o * inner + i]);
                if (d >= 0 && d < depth)
                {
                    on.CopyTo(dst.Slice((int)(((long)o * depth + d) * inner + i) * es, es));
                }
            }
        }
    }
}
