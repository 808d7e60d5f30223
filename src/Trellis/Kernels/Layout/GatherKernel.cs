using System.Numerics;
using System.Numerics.Tensors;

namespace Trellis.Kernels.Layout;

/// <summary>
/// Gather along an axis and its adjoint, the scatter-add behind the gradient (TensorFlow's UnsortedSegmentSum).
/// With params viewed as (outer, axisDim, inner) and n indices: out[o, j, :] = params[o, indices[j], :].
/// </summary>
/// <remarks>Indices must already be checked to lie in [0, axisDim).</remarks>
internal static class GatherKernel
{
    /// <summary>out (outer, n, inner) = params (outer, axisDim, inner) at indices; es-byte elements.</summary>
    public static void Gather<TIndex>(ReadOnlySpan<byte> src, int outer, int axisDim, int inner, ReadOnlySpan<TIndex> indices, Span<byte> dst, int es, bool reference)
        where TIndex : IBinaryInteger<TIndex>
    {
        int n = indices.Length;
        if (reference)
        {
            int total = outer * n * inner;
            for (int flat = 0; flat < total; flat++)
            {
                int k = flat % inner;
                int j = flat / inner % n;
                int o = flat / (inner * n);
                int s = (o * axisDim + int.CreateTruncating(indices[j])) * inner + k;
                src.Slice(s * es, es).CopyTo(dst.Slice(flat * es, es));
            }
            return;
        }
        int block = inner * es;
        for (int o = 0; o < outer; o++)
        {
            int srcBase = o * axisDim;
            int dstBase = o * n;
            for (int j = 0; j < n; j++)
            {
                int s = srcBase + int.CreateTruncating(indices[j]);
                src.Slice(s * block, block).CopyTo(dst.Slice((dstBase + j) * block, block));
            }
        }
    }

    /// <summary>
    /// dst (outer, axisDim, inner) = zeros, then dst[o, indices[j], :] += up[o, j, :] in order of j, so repeated
    /// indices sum in the same order on both paths (bit-identical results).
    /// </summary>
    public static void GatherGrad<T, TIndex>(ReadOnlySpan<T> up, int outer, int axisDim, int inner, ReadOnlySpan<TIndex> indices, Span<T> dst, bool reference)
        where T : INumberBase<T>
        where TIndex : IBinaryInteger<TIndex>
    {
        dst.Clear();
        int n = indices.Length;
        if (reference)
        {
            int total = outer * n * inner;
            for (int flat = 0; flat < total; flat++)
            {
                int k = flat % inner;
                int j = flat / inner % n;
                int o = flat / (inner * n);
                int d = (o * axisDim + int.CreateTruncating(indices[j])) * inner + k;
                dst[d] += up[flat];
            }
            return;
        }
        for (int o = 0; o < outer; o++)
        {
            for (int j = 0; j < n; j++)
            {
                Span<T> target = dst.Slice((o * axisDim + int.CreateTruncating(indices[j])) * inner, inner);
                TensorPrimitives.Add(target, up.Slice((o * n + j) * inner, inner), target);
            }
        }
    }

    /// <summary>The position of the first index outside [0, dim), or -1 when all are valid.</summary>
    public static int FirstInvalid<TIndex>(ReadOnlySpan<TIndex> indices, int dim)
        where TIndex : IBinaryInteger<TIndex>
    {
        TIndex limit = TIndex.CreateTruncating(dim);
        for (int j = 0; j < indices.Length; j++)
        {
            if (TIndex.IsNegative(indices[j]) || indices[j] >= limit)
            {
                return j;
            }
        }
        return -1;
    }
}
