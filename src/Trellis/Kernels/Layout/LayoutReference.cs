namespace Trellis.Kernels.Layout;

/// <summary>
/// Reference kernels for the layout ops: one plain loop over the output, each element found from its full index by
/// the op's definition. They are the oracle the fast paths are tested against, so they share no plan with them.
/// </summary>
/// <remarks>Buffers are bytes holding elements of <c>es</c> bytes; dims are row-major.</remarks>
internal static class LayoutReference
{
    /// <summary>out[i_0..i_n] = in[j] with j[perm[k]] = i_k. (out dims = in dims permuted)</summary>
    public static void Transpose(ReadOnlySpan<byte> src, ReadOnlySpan<int> inDims, ReadOnlySpan<int> perm, Span<byte> dst, int es)
    {
        int rank = inDims.Length;
        var outDims = new int[rank];
        for (int k = 0; k < rank; k++)
        {
            outDims[k] = inDims[perm[k]];
        }
        var oi = new int[rank];
        var ii = new int[rank];
        int n = Count(outDims);
        for (int flat = 0; flat < n; flat++)
        {
            LayoutIndex.Unravel(flat, outDims, oi);
            for (int k = 0; k < rank; k++)
            {
                ii[perm[k]] = oi[k];
            }
            Element(src, LayoutIndex.Ravel(ii, inDims), es).CopyTo(Element(dst, flat, es));
        }
    }

    /// <summary>out[i] = in[start + i·step] per axis. (out dims given)</summary>
    public static void StridedSlice(ReadOnlySpan<byte> src, ReadOnlySpan<int> inDims, ReadOnlySpan<int> start, ReadOnlySpan<int> step, ReadOnlySpan<int> outDims, Span<byte> dst, int es)
    {
        int rank = inDims.Length;
        var oi = new int[rank];
        var ii = new int[rank];
        int n = Count(outDims);
        for (int flat = 0; flat < n; flat++)
        {
            LayoutIndex.Unravel(flat, outDims, oi);
            for (int k = 0; k < rank; k++)
            {
                ii[k] = start[k] + oi[k] * step[k];
            }
            Element(src, LayoutIndex.Ravel(ii, inDims), es).CopyTo(Element(dst, flat, es));
        }
    }

    /// <summary>The adjoint of <see cref="StridedSlice"/>: zeros of xDims with the upstream written at start + i·step.</summary>
    public static void StridedSliceGrad(ReadOnlySpan<byte> up, ReadOnlySpan<int> upDims, ReadOnlySpan<int> start, ReadOnlySpan<int> step, ReadOnlySpan<int> xDims, Span<byte> dst, int es)
    {
        dst.Clear();
        int rank = xDims.Length;
        var ui = new int[rank];
        var xi = new int[rank];
        int n = Count(upDims);
        for (int flat = 0; flat < n; flat++)
        {
            LayoutIndex.Unravel(flat, upDims, ui);
            for (int k = 0; k < rank; k++)
            {
                xi[k] = start[k] + ui[k] * step[k];
            }
            Element(up, flat, es).CopyTo(Element(dst, LayoutIndex.Ravel(xi, xDims), es));
        }
    }

    /// <summary>Writes one concat input (srcDims) into the output (outDims) at <paramref name="axisOffset"/> along <paramref name="axis"/>.</summary>
    public static void ConcatInto(ReadOnlySpan<byte> src, ReadOnlySpan<int> srcDims, int axis, int axisOffset, Span<byte> dst, ReadOnlySpan<int> outDims, int es)
    {
        var si = new int[srcDims.Length];
        int n = Count(srcDims);
        for (int flat = 0; flat < n; flat++)
        {
            LayoutIndex.Unravel(flat, srcDims, si);
            si[axis] += axisOffset;
            int o = LayoutIndex.Ravel(si, outDims);
            Element(src, flat, es).CopyTo(Element(dst, o, es));
        }
    }

    /// <summary>out[i] = in[i - before] inside the input's box, the constant elsewhere.</summary>
    public static void Pad(ReadOnlySpan<byte> src, ReadOnlySpan<int> inDims, ReadOnlySpan<int> before, ReadOnlySpan<int> outDims, ReadOnlySpan<byte> constant, Span<byte> dst, int es)
    {
        int rank = inDims.Length;
        var oi = new int[rank];
        var ii = new int[rank];
        int n = Count(outDims);
        for (int flat = 0; flat < n; flat++)
        {
            LayoutIndex.Unravel(flat, outDims, oi);
            bool inside = true;
            for (int k = 0; k < rank; k++)
            {
                ii[k] = oi[k] - before[k];
                inside &= ii[k] >= 0 && ii[k] < inDims[k];
            }
            (inside ? Element(src, LayoutIndex.Ravel(ii, inDims), es) : constant).CopyTo(Element(dst, flat, es));
        }
    }

    /// <summary>out[i] = in[i mod inDims] per axis.</summary>
    public static void Tile(ReadOnlySpan<byte> src, ReadOnlySpan<int> inDims, ReadOnlySpan<int> outDims, Span<byte> dst, int es)
    {
        int rank = inDims.Length;
        var oi = new int[rank];
        int n = Count(outDims);
        for (int flat = 0; flat < n; flat++)
        {
            LayoutIndex.Unravel(flat, outDims, oi);
            for (int k = 0; k < rank; k++)
            {
                oi[k] %= inDims[k];
            }
            Element(src, LayoutIndex.Ravel(oi, inDims), es).CopyTo(Element(dst, flat, es));
        }
    }

    /// <summary>Number of elements of a shape.</summary>
    public static int Count(ReadOnlySpan<int> dims)
    {
        int n = 1;
        foreach (int d in dims)
        {
            n *= d;
        }
        return n;
    }

    /// <summary>Element i of a byte buffer of es-byte elements.</summary>
    public static Span<byte> Element(Span<byte> buffer, int i, int es) => buffer.Slice(i * es, es);

    /// <summary>Element i of a read-only byte buffer of es-byte elements.</summary>
    public static ReadOnlySpan<byte> Element(ReadOnlySpan<byte> buffer, int i, int es) => buffer.Slice(i * es, es);
}
