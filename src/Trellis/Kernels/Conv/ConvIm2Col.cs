using System.Buffers;
using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using Trellis.Internal;

namespace Trellis.Kernels.Conv;

/// <summary>
/// Fast convolution kernels: each image is unrolled into a patch matrix (im2col, one row per output position, one
/// column per kernel tap and input channel of a group) and multiplied with the kernel by the GEMM.
/// </summary>
/// <remarks>
/// Images are split over threads in contiguous ranges (<see cref="Parallelism"/>), so the GEMM inside each runs on one
/// thread. The filter gradient sums per-block partials in block order; blocks are fixed by the batch size alone, so
/// results do not depend on the thread count.
/// </remarks>
internal static class ConvIm2Col
{
    private const int FilterBlock = 8; // images per partial sum of the filter gradient

    /// <summary>Same contract as <see cref="ConvReference.Forward{T}"/>.</summary>
    public static void Forward<T>(ConvGeometry s, ReadOnlySpan<T> x, ReadOnlySpan<T> k, Span<T> y)
        where T : unmanaged, INumber<T>
    {
        if (y.IsEmpty)
        {
            return;
        }
        if (s.PatchSize == 0)
        {
            y.Clear();
            return;
        }
        int rows = s.OH * s.OW, patch = s.PatchSize;
        unsafe
        {
            fixed (T* px = x, pk = k, py = y)
            {
                nint xp = (nint)px, kp = (nint)pk, yp = (nint)py;
                int xLen = x.Length, kLen = k.Length, yLen = y.Length;
                Parallelism.For(s.N, MinItems(s, 1), (start, end) =>
                {
                    var xs = new ReadOnlySpan<T>((T*)xp, xLen);
                    var ks = new ReadOnlySpan<T>((T*)kp, kLen);
                    var ys = new Span<T>((T*)yp, yLen);
                    T[] col = ArrayPool<T>.Shared.Rent(rows * patch);
                    try
                    {
                        for (int n = start; n < end; n++)
                        {
                            Span<T> yn = ys.Slice(n * rows * s.O, rows * s.O);
                            for (int g = 0; g < s.Groups; g++)
                            {
                                Im2Col(s, xs, n, g, col);
                                GemmT(false, false, rows, s.GroupOut, patch, col, patch, ks[(g * s.GroupOut)..], s.O, yn[(g * s.GroupOut)..], s.O);
                            }
                        }
                    }
                    finally
                    {
                        ArrayPool<T>.Shared.Return(col);
                    }
                });
            }
        }
    }

    /// <summary>
    /// Work items (of <paramref name="samplesPerItem"/> samples) a thread must get before a second thread is used:
    /// a small convolution runs on the calling thread, where waking a worker would cost more than it saves.
    /// Results do not depend on it (each item is computed the same way on any thread).
    /// </summary>
    private static int MinItems(ConvGeometry s, int samplesPerItem)
    {
        long work = Math.Max(1L, (long)s.OH * s.OW * s.PatchSize * s.O * samplesPerItem);
        return (int)Math.Clamp(Gemm.GemmTuning.MinWorkPerThread / work, 1, int.MaxValue);
    }

    /// <summary>Same contract as <see cref="ConvReference.BackpropInput{T}"/>.</summary>
    /// <remarks>
    /// PERF (batch 32, 28×28, 32 → 32 channels, 3×3, 2 threads): the general path, a GEMM into a patch matrix and a
    /// scatter-add of each 32-channel run (col2im), took 2.9 ms against 2.1 for the forward convolution. With unit
    /// strides the input gradient is itself a convolution of dy with the flipped kernel, so it runs as one.
    /// </remarks>
    public static void BackpropInput<T>(ConvGeometry s, ReadOnlySpan<T> dy, ReadOnlySpan<T> k, Span<T> dx)
        where T : unmanaged, INumber<T>
    {
        int rows = s.OH * s.OW, patch = s.PatchSize;
        if (rows == 0 || patch == 0 || s.O == 0 || s.N == 0)
        {
            dx.Clear();
            return;
        }
        if (s.StrideH == 1 && s.StrideW == 1)
        {
            BackpropInputAsConvolution(s, dy, k, dx);
            return;
        }
        dx.Clear();
        unsafe
        {
            fixed (T* pdy = dy, pk = k, pdx = dx)
            {
                nint dyp = (nint)pdy, kp = (nint)pk, dxp = (nint)pdx;
                int dyLen = dy.Length, kLen = k.Length, dxLen = dx.Length;
                Parallelism.For(s.N, MinItems(s, 1), (start, end) =>
                {
                    var dys = new ReadOnlySpan<T>((T*)dyp, dyLen);
                    var ks = new ReadOnlySpan<T>((T*)kp, kLen);
                    var dxs = new Span<T>((T*)dxp, dxLen);
                    T[] col = ArrayPool<T>.Shared.Rent(rows * patch);
                    try
                    {
                        for (int n = start; n < end; n++)
                        {
                            ReadOnlySpan<T> dyn = dys.Slice(n * rows * s.O, rows * s.O);
                            for (int g = 0; g < s.Groups; g++)
                            {
                                // dcol (rows, patch) = dy_g (rows, GroupOut) · K_gᵀ, K_g being (patch, GroupOut) with row stride O.
                                GemmT(false, true, rows, patch, s.GroupOut, dyn[(g * s.GroupOut)..], s.O, ks[(g * s.GroupOut)..], s.O, col, patch);
                                Col2Im(s, col, n, g, dxs);
                            }
                        }
                    }
                    finally
                    {
                        ArrayPool<T>.Shared.Return(col);
                    }
                });
            }
        }
    }

    /// <summary>
    /// dx for unit strides: output position (ih, iw) of a convolution over dy with the kernel flipped in both spatial
    /// axes and its channel axes swapped, padded by (KH - 1)·DH - PadTop above and (KW - 1)·DW - PadLeft to the left
    /// (it reads dy row ih + PadTop - kh·DH for tap kh, as the forward pass wrote it).
    /// </summary>
    private static void BackpropInputAsConvolution<T>(in ConvGeometry s, ReadOnlySpan<T> dy, ReadOnlySpan<T> k, Span<T> dx)
        where T : unmanaged, INumber<T>
    {
        var transposed = new ConvGeometry(s.N, s.OH, s.OW, s.O, s.KH, s.KW, s.C, s.H, s.W, 1, 1, s.DilationH, s.DilationW,
            (s.KH - 1) * s.DilationH - s.PadTop, (s.KW - 1) * s.DilationW - s.PadLeft, s.Groups);
        int gi = s.GroupIn, go = s.GroupOut;
        T[] flipped = ArrayPool<T>.Shared.Rent(k.Length);
        try
        {
            // flipped[kh', kw', og, g·GroupIn + ci] = k[KH-1-kh', KW-1-kw', ci, g·GroupOut + og]: HWIO for the transposed geometry.
            for (int kh = 0; kh < s.KH; kh++)
            {
                for (int kw = 0; kw < s.KW; kw++)
                {
                    int tap = (s.KH - 1 - kh) * s.KW + (s.KW - 1 - kw), flippedTap = kh * s.KW + kw;
                    for (int g = 0; g < s.Groups; g++)
                    {
                        for (int ci = 0; ci < gi; ci++)
                        {
                            for (int og = 0; og < go; og++)
                            {
                                flipped[((flippedTap * go) + og) * s.C + g * gi + ci] = k[((tap * gi) + ci) * s.O + g * go + og];
                            }
                        }
                    }
                }
            }
            Forward(transposed, dy, flipped.AsSpan(0, k.Length), dx);
        }
        finally
        {
            ArrayPool<T>.Shared.Return(flipped);
        }
    }

    /// <summary>Same contract as <see cref="ConvReference.BackpropFilter{T}"/>.</summary>
    public static void BackpropFilter<T>(ConvGeometry s, ReadOnlySpan<T> x, ReadOnlySpan<T> dy, Span<T> dk)
        where T : unmanaged, INumber<T>
    {
        dk.Clear();
        int rows = s.OH * s.OW, patch = s.PatchSize, og = s.GroupOut;
        if (rows == 0 || patch == 0 || s.O == 0 || s.N == 0)
        {
            return;
        }
        int blocks = (s.N + FilterBlock - 1) / FilterBlock;
        int kSize = dk.Length;
        var partials = new T[blocks * kSize];
        unsafe
        {
            fixed (T* px = x, pdy = dy)
            {
                nint xp = (nint)px, dyp = (nint)pdy;
                int xLen = x.Length, dyLen = dy.Length;
                Parallelism.For(blocks, MinItems(s, FilterBlock), (start, end) =>
                {
                    var xs = new ReadOnlySpan<T>((T*)xp, xLen);
                    var dys = new ReadOnlySpan<T>((T*)dyp, dyLen);
                    T[] col = ArrayPool<T>.Shared.Rent(rows * patch);
                    T[] part = ArrayPool<T>.Shared.Rent(patch * og);
                    try
                    {
                        for (int b = start; b < end; b++)
                        {
                            Span<T> acc = partials.AsSpan(b * kSize, kSize);
                            for (int n = b * FilterBlock; n < Math.Min(s.N, (b + 1) * FilterBlock); n++)
                            {
                                ReadOnlySpan<T> dyn = dys.Slice(n * rows * s.O, rows * s.O);
                                for (int g = 0; g < s.Groups; g++)
                                {
                                    Im2Col(s, xs, n, g, col);
                                    // dK_g (patch, GroupOut) = colᵀ · dy_g.
                                    GemmT(true, false, patch, og, rows, col, patch, dyn[(g * og)..], s.O, part, og);
                                    for (int r = 0; r < patch; r++)
                                    {
                                        Span<T> dst = acc.Slice(r * s.O + g * og, og);
                                        TensorPrimitives.Add(dst, part.AsSpan(r * og, og), dst);
                                    }
                                }
                            }
                        }
                    }
                    finally
                    {
                        ArrayPool<T>.Shared.Return(col);
                        ArrayPool<T>.Shared.Return(part);
                    }
                });
            }
        }
        for (int b = 0; b < blocks; b++)
        {
            TensorPrimitives.Add(dk, partials.AsSpan(b * kSize, kSize), dk);
        }
    }

    /// <summary>Writes the patch matrix of image <paramref name="n"/>, group <paramref name="g"/>: (OH·OW, KH·KW·GroupIn).</summary>
    private static void Im2Col<T>(in ConvGeometry s, ReadOnlySpan<T> x, int n, int g, Span<T> col)
        where T : unmanaged, INumber<T>
    {
        int cg = s.GroupIn, patch = s.PatchSize;
        // With one group and unit dilation along W, the KW taps of a kernel row are one contiguous run of KW·C input
        // values (NHWC): one copy instead of KW. PERF: im2col issued one 32-float copy per tap and output position.
        bool contiguousTaps = s.Groups == 1 && s.DilationW == 1;
        int tapRun = s.KW * cg;
        for (int oh = 0; oh < s.OH; oh++)
        {
            for (int ow = 0; ow < s.OW; ow++)
            {
                Span<T> row = col.Slice((oh * s.OW + ow) * patch, patch);
                int iw0 = ow * s.StrideW - s.PadLeft;
                for (int kh = 0; kh < s.KH; kh++)
                {
                    int ih = oh * s.StrideH - s.PadTop + kh * s.DilationH;
                    if (contiguousTaps && (uint)ih < (uint)s.H && iw0 >= 0 && iw0 + s.KW <= s.W)
                    {
                        x.Slice(((n * s.H + ih) * s.W + iw0) * s.C, tapRun).CopyTo(row.Slice(kh * tapRun, tapRun));
                        continue;
                    }
                    for (int kw = 0; kw < s.KW; kw++)
                    {
                        int iw = ow * s.StrideW - s.PadLeft + kw * s.DilationW;
                        Span<T> dst = row.Slice((kh * s.KW + kw) * cg, cg);
                        if ((uint)ih >= (uint)s.H || (uint)iw >= (uint)s.W)
                        {
                            dst.Clear();
                        }
                        else
                        {
                            x.Slice(((n * s.H + ih) * s.W + iw) * s.C + g * cg, cg).CopyTo(dst);
                        }
                    }
                }
            }
        }
    }

    /// <summary>Adds the patch matrix back into image <paramref name="n"/> of dx (the adjoint of <see cref="Im2Col{T}"/>).</summary>
    private static void Col2Im<T>(in ConvGeometry s, ReadOnlySpan<T> col, int n, int g, Span<T> dx)
        where T : unmanaged, INumber<T>
    {
        int cg = s.GroupIn, patch = s.PatchSize;
        for (int oh = 0; oh < s.OH; oh++)
        {
            for (int ow = 0; ow < s.OW; ow++)
            {
                ReadOnlySpan<T> row = col.Slice((oh * s.OW + ow) * patch, patch);
                for (int kh = 0; kh < s.KH; kh++)
                {
                    int ih = oh * s.StrideH - s.PadTop + kh * s.DilationH;
                    if ((uint)ih >= (uint)s.H)
                    {
                        continue;
                    }
                    for (int kw = 0; kw < s.KW; kw++)
                    {
                        int iw = ow * s.StrideW - s.PadLeft + kw * s.DilationW;
                        if ((uint)iw >= (uint)s.W)
                        {
                            continue;
                        }
                        Span<T> dst = dx.Slice(((n * s.H + ih) * s.W + iw) * s.C + g * cg, cg);
                        TensorPrimitives.Add(dst, row.Slice((kh * s.KW + kw) * cg, cg), dst);
                    }
                }
            }
        }
    }

    /// <summary>GEMM for float or double (C is overwritten).</summary>
    private static void GemmT<T>(bool ta, bool tb, int m, int n, int k, ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> b, int ldb, Span<T> c, int ldc)
        where T : unmanaged, INumber<T>
    {
        if (typeof(T) == typeof(float))
        {
            Gemm.Gemm.Sgemm(ta, tb, m, n, k, MemoryMarshal.Cast<T, float>(a), lda, MemoryMarshal.Cast<T, float>(b), ldb, MemoryMarshal.Cast<T, float>(c), ldc);
        }
        else
        {
            Gemm.Gemm.Dgemm(ta, tb, m, n, k, MemoryMarshal.Cast<T, double>(a), lda, MemoryMarshal.Cast<T, double>(b), ldb, MemoryMarshal.Cast<T, double>(c), ldc);
        }
    }
}
