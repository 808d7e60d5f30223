using System.Runtime.InteropServices;

namespace Trellis.Kernels.Layout;

/// <summary>
/// The data-moving kernels of the layout ops, each with its fast path (block copies through <see cref="StridedCopy"/>)
/// and, when <c>reference</c> is true, the plain loop of <see cref="LayoutReference"/>.
/// </summary>
/// <remarks>Buffers are bytes holding elements of <c>es</c> bytes (1, 2, 4 or 8); dims are row-major.</remarks>
internal static class LayoutKernels
{
    /// <summary>out = in with axes permuted: out dims[k] = inDims[perm[k]].</summary>
    public static void Transpose(ReadOnlySpan<byte> src, ReadOnlySpan<int> inDims, ReadOnlySpan<int> perm, Span<byte> dst, int es, bool reference)
    {
        if (reference)
        {
            LayoutReference.Transpose(src, inDims, perm, dst, es);
            return;
        }
        int rank = inDims.Length;
        int[] inStrides = LayoutIndex.Strides(inDims);
        var outDims = new int[rank];
        var srcStrides = new int[rank];
        for (int k = 0; k < rank; k++)
        {
            outDims[k] = inDims[perm[k]];
            srcStrides[k] = inStrides[perm[k]];
        }
        StridedCopy.Run(src, 0, srcStrides, dst, 0, LayoutIndex.Strides(outDims), outDims, es);
    }

    /// <summary>out[i] = in[start + i·step] per axis; steps may be negative.</summary>
    public static void StridedSlice(ReadOnlySpan<byte> src, ReadOnlySpan<int> inDims, ReadOnlySpan<int> start, ReadOnlySpan<int> step, ReadOnlySpan<int> outDims, Span<byte> dst, int es, bool reference)
    {
        if (reference)
        {
            LayoutReference.StridedSlice(src, inDims, start, step, outDims, dst, es);
            return;
        }
        View(inDims, start, step, out int offset, out int[] strides);
        StridedCopy.Run(src, offset, strides, dst, 0, LayoutIndex.Strides(outDims), outDims, es);
    }

    /// <summary>Zeros of xDims with up (upDims) written at start + i·step: the adjoint of <see cref="StridedSlice"/>.</summary>
    public static void StridedSliceGrad(ReadOnlySpan<byte> up, ReadOnlySpan<int> upDims, ReadOnlySpan<int> start, ReadOnlySpan<int> step, ReadOnlySpan<int> xDims, Span<byte> dst, int es, bool reference)
    {
        if (reference)
        {
            LayoutReference.StridedSliceGrad(up, upDims, start, step, xDims, dst, es);
            return;
        }
        dst.Clear();
        View(xDims, start, step, out int offset, out int[] strides);
        StridedCopy.Run(up, 0, LayoutIndex.Strides(upDims), dst, offset, strides, upDims, es);
    }

    /// <summary>Writes one concat input into its band of the output, one row block per outer index.</summary>
    public static void ConcatInto(ReadOnlySpan<byte> src, ReadOnlySpan<int> srcDims, int axis, int axisOffset, Span<byte> dst, ReadOnlySpan<int> outDims, int es, bool reference)
    {
        if (reference)
        {
            LayoutReference.ConcatInto(src, srcDims, axis, axisOffset, dst, outDims, es);
            return;
        }
        int outer = LayoutIndex.Product(srcDims, 0, axis);
        int inner = LayoutIndex.Product(srcDims, axis + 1, srcDims.Length) * es;
        int block = srcDims[axis] * inner;       // bytes of one input row block
        int row = outDims[axis] * inner;         // bytes of one output row
        int offset = axisOffset * inner;
        if (block == 0)
        {
            return;
        }
        for (int o = 0; o < outer; o++)
        {
            src.Slice(o * block, block).CopyTo(dst.Slice(o * row + offset, block));
        }
    }

    /// <summary>The input placed at <paramref name="before"/> inside an output of outDims filled with <paramref name="constant"/>.</summary>
    public static void Pad(ReadOnlySpan<byte> src, ReadOnlySpan<int> inDims, ReadOnlySpan<int> before, ReadOnlySpan<int> outDims, ReadOnlySpan<byte> constant, Span<byte> dst, int es, bool reference)
    {
        if (reference)
        {
            LayoutReference.Pad(src, inDims, before, outDims, constant, dst, es);
            return;
        }
        Fill(dst, constant, es);
        int[] outStrides = LayoutIndex.Strides(outDims);
        int offset = 0;
        for (int k = 0; k < outDims.Length; k++)
        {
            offset += before[k] * outStrides[k];
        }
        StridedCopy.Run(src, 0, LayoutIndex.Strides(inDims), dst, offset, outStrides, inDims, es);
    }

    /// <summary>out[i] = in[i mod inDims]: the input repeated outDims/inDims times along each axis.</summary>
    public static void Tile(ReadOnlySpan<byte> src, ReadOnlySpan<int> inDims, ReadOnlySpan<int> outDims, Span<byte> dst, int es, bool reference)
    {
        if (reference)
        {
            LayoutReference.Tile(src, inDims, outDims, dst, es);
            return;
        }
        // View the output as (m0, d0, m1, d1, ...): the repeat axes read with stride 0.
        int rank = inDims.Length;
        int[] inStrides = LayoutIndex.Strides(inDims);
        var dims = new int[2 * rank];
        var srcStrides = new int[2 * rank];
        for (int k = 0; k < rank; k++)
        {
            dims[2 * k] = inDims[k] == 0 ? 0 : outDims[k] / inDims[k];
            dims[2 * k + 1] = inDims[k];
            srcStrides[2 * k + 1] = inStrides[k];
        }
        StridedCopy.Run(src, 0, srcStrides, dst, 0, LayoutIndex.Strides(dims), dims, es);
    }

    /// <summary>Fills dst with copies of one element's bytes.</summary>
    public static void Fill(Span<byte> dst, ReadOnlySpan<byte> element, int es)
    {
        switch (es)
        {
            case 1: dst.Fill(element[0]); break;
            case 2: MemoryMarshal.Cast<byte, ushort>(dst).Fill(MemoryMarshal.Read<ushort>(element)); break;
            case 4: MemoryMarshal.Cast<byte, uint>(dst).Fill(MemoryMarshal.Read<uint>(element)); break;
            case 8: MemoryMarshal.Cast<byte, ulong>(dst).Fill(MemoryMarshal.Read<ulong>(element)); break;
            default: throw new ArgumentOutOfRangeException(nameof(es), es, "Element size must be 1, 2, 4 or 8 bytes.");
        }
    }

    /// <summary>The offset and strides of the strided view start + i·step of a row-major tensor of dims.</summary>
    private static void View(ReadOnlySpan<int> dims, ReadOnlySpan<int> start, ReadOnlySpan<int> step, out int offset, out int[] strides)
    {
        int[] s = LayoutIndex.Strides(dims);
        offset = 0;
        strides = new int[dims.Length];
        for (int k = 0; k < dims.Length; k++)
        {
            offset += start[k] * s[k];
            strides[k] = step[k] * s[k];
        }
    }
}
