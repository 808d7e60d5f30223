using System.Runtime.InteropServices;

namespace Trellis.Kernels.Layout;

/// <summary>
/// The fast path shared by the layout ops: copies a strided view of <c>src</c> into a strided view of <c>dst</c>,
/// <c>dst[dstOffset + Σ i_k·dstStrides[k]] = src[srcOffset + Σ i_k·srcStrides[k]]</c> for every index i over
/// <c>dims</c>. Strides are in elements and may be negative (reversed slices) or zero (tiling).
/// </summary>
/// <remarks>
/// Axes of size 1 are dropped and adjacent axes that step alike in both views are merged, so a slice of whole rows
/// becomes one long run. The innermost run is then copied with <see cref="Span{T}.CopyTo"/> when contiguous on both
/// sides; when it is contiguous only in dst but another axis is contiguous in src (a transpose), the copy walks
/// 32×32 tiles so both sides stay in cache. Elements are moved as same-sized integers: only bits move.
/// </remarks>
internal static class StridedCopy
{
    private const int Tile = 32;

    /// <summary>Copies the view; element size 1, 2, 4 or 8 bytes.</summary>
    public static void Run(
        ReadOnlySpan<byte> src, int srcOffset, ReadOnlySpan<int> srcStrides,
        Span<byte> dst, int dstOffset, ReadOnlySpan<int> dstStrides,
        ReadOnlySpan<int> dims, int elementSize)
    {
        switch (elementSize)
        {
            case 1: Run(src, srcOffset, srcStrides, dst, dstOffset, dstStrides, dims); break;
            case 2: Run(MemoryMarshal.Cast<byte, ushort>(src), srcOffset, srcStrides, MemoryMarshal.Cast<byte, ushort>(dst), dstOffset, dstStrides, dims); break;
            case 4: Run(MemoryMarshal.Cast<byte, uint>(src), srcOffset, srcStrides, MemoryMarshal.Cast<byte, uint>(dst), dstOffset, dstStrides, dims); break;
            case 8: Run(MemoryMarshal.Cast<byte, ulong>(src), srcOffset, srcStrides, MemoryMarshal.Cast<byte, ulong>(dst), dstOffset, dstStrides, dims); break;
            default: throw new ArgumentOutOfRangeException(nameof(elementSize), elementSize, "Element size must be 1, 2, 4 or 8 bytes.");
        }
    }

    /// <summary>Copies the view of elements of type <typeparamref name="T"/>.</summary>
    public static void Run<T>(
        ReadOnlySpan<T> src, int srcOffset, ReadOnlySpan<int> srcStrides,
        Span<T> dst, int dstOffset, ReadOnlySpan<int> dstStrides,
        ReadOnlySpan<int> dims)
    {
        if (!Simplify(dims, srcStrides, dstStrides, out int[] d, out int[] ss, out int[] ds))
        {
            return; // an empty view
        }
        int rank = d.Length;
        if (rank == 0)
        {
            dst[dstOffset] = src[srcOffset];
            return;
        }
        if (ds[rank - 1] == 1 && ss[rank - 1] != 1 && rank >= 2)
        {
            int p = Array.IndexOf(ss, 1, 0, rank - 1);
            if (p >= 0)
            {
                Transposed(src, srcOffset, dst, dstOffset, d, ss, ds, p);
                return;
            }
        }
        int inner = d[rank - 1], si = ss[rank - 1], di = ds[rank - 1];
        int outerRank = rank - 1;
        Span<int> idx = stackalloc int[outerRank];
        int so = srcOffset, dOff = dstOffset;
        while (true)
        {
            CopyRun(src, so, si, dst, dOff, di, inner);
            int k = outerRank - 1;
            for (; k >= 0; k--)
            {
                so += ss[k];
                dOff += ds[k];
                if (++idx[k] < d[k])
                {
                    break;
                }
                so -= ss[k] * d[k];
                dOff -= ds[k] * d[k];
                idx[k] = 0;
            }
            if (k < 0)
            {
                return;
            }
        }
    }

    private static void CopyRun<T>(ReadOnlySpan<T> src, int so, int si, Span<T> dst, int dOff, int di, int n)
    {
        if (si == 1 && di == 1)
        {
            src.Slice(so, n).CopyTo(dst.Slice(dOff, n));
        }
        else if (si == 0 && di == 1)
        {
            dst.Slice(dOff, n).Fill(src[so]);
        }
        else
        {
            for (int j = 0; j < n; j++)
            {
                dst[dOff + j * di] = src[so + j * si];
            }
        }
    }

    /// <summary>Axis p is contiguous in src, the last axis in dst: copy (p, last) planes tile by tile.</summary>
    private static void Transposed<T>(ReadOnlySpan<T> src, int srcOffset, Span<T> dst, int dstOffset, int[] d, int[] ss, int[] ds, int p)
    {
        int rank = d.Length;
        int rows = d[p], cols = d[rank - 1];
        int dstRowStride = ds[p], srcColStride = ss[rank - 1];
        // The other axes form the outer loop.
        int outerRank = rank - 2;
        Span<int> od = stackalloc int[outerRank];
        Span<int> oss = stackalloc int[outerRank];
        Span<int> ods = stackalloc int[outerRank];
        for (int k = 0, m = 0; k < rank - 1; k++)
        {
            if (k != p)
            {
                od[m] = d[k];
                oss[m] = ss[k];
                ods[m] = ds[k];
                m++;
            }
        }
        Span<int> idx = stackalloc int[outerRank];
        int so = srcOffset, dOff = dstOffset;
        while (true)
        {
            for (int i0 = 0; i0 < rows; i0 += Tile)
            {
                int iEnd = Math.Min(rows, i0 + Tile);
                for (int j0 = 0; j0 < cols; j0 += Tile)
                {
                    int jEnd = Math.Min(cols, j0 + Tile);
                    for (int i = i0; i < iEnd; i++)
                    {
                        Span<T> row = dst.Slice(dOff + i * dstRowStride, cols);
                        int s = so + i;
                        for (int j = j0; j < jEnd; j++)
                        {
                            row[j] = src[s + j * srcColStride];
                        }
                    }
                }
            }
            int k = outerRank - 1;
            for (; k >= 0; k--)
            {
                so += oss[k];
                dOff += ods[k];
                if (++idx[k] < od[k])
                {
                    break;
                }
                so -= oss[k] * od[k];
                dOff -= ods[k] * od[k];
                idx[k] = 0;
            }
            if (k < 0)
            {
                return;
            }
        }
    }

    /// <summary>Drops size-1 axes and merges neighbours that step alike; false when the view is empty.</summary>
    private static bool Simplify(ReadOnlySpan<int> dims, ReadOnlySpan<int> srcStrides, ReadOnlySpan<int> dstStrides, out int[] d, out int[] ss, out int[] ds)
    {
        var dl = new List<int>(dims.Length);
        var sl = new List<int>(dims.Length);
        var tl = new List<int>(dims.Length);
        bool empty = false;
        for (int k = 0; k < dims.Length; k++)
        {
            if (dims[k] == 0)
            {
                empty = true;
            }
            if (dims[k] == 1)
            {
                continue;
            }
            int last = dl.Count - 1;
            if (last >= 0 && sl[last] == srcStrides[k] * dims[k] && tl[last] == dstStrides[k] * dims[k])
            {
                dl[last] *= dims[k];
                sl[last] = srcStrides[k];
                tl[last] = dstStrides[k];
            }
            else
            {
                dl.Add(dims[k]);
                sl.Add(srcStrides[k]);
                tl.Add(dstStrides[k]);
            }
        }
        d = [.. dl];
        ss = [.. sl];
        ds = [.. tl];
        return !empty;
    }
}
