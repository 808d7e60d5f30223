using System.Numerics;
using System.Numerics.Tensors;

namespace Trellis.Kernels.Conv;

/// <summary>
/// Max and average pooling in NHWC and their gradients. The fast forward kernels work on whole channel rows with
/// <see cref="TensorPrimitives"/>; the reference kernels loop over single elements.
/// </summary>
/// <remarks>A window with no position inside the input (possible only with large explicit pads) yields 0.</remarks>
internal static class PoolKernels
{
    /// <summary>y = the maximum over each window (reference: element loops).</summary>
    public static void MaxReference<T>(in PoolGeometry s, ReadOnlySpan<T> x, Span<T> y)
        where T : unmanaged, INumber<T>
    {
        for (int n = 0; n < s.N; n++)
        {
            for (int oh = 0; oh < s.OH; oh++)
            {
                for (int ow = 0; ow < s.OW; ow++)
                {
                    var (h0, h1, w0, w1) = s.Window(oh, ow);
                    for (int c = 0; c < s.C; c++)
                    {
                        T best = T.Zero;
                        bool any = false;
                        for (int h = h0; h < h1; h++)
                        {
                            for (int w = w0; w < w1; w++)
                            {
                                T v = x[((n * s.H + h) * s.W + w) * s.C + c];
                                if (!any || v > best || T.IsNaN(v))
                                {
                                    best = v;
                                    any = true;
                                }
                            }
                        }
                        y[((n * s.OH + oh) * s.OW + ow) * s.C + c] = best;
                    }
                }
            }
        }
    }

    /// <summary>y = the mean over each window (reference: element loops).</summary>
    public static void AvgReference<T>(in PoolGeometry s, ReadOnlySpan<T> x, Span<T> y)
        where T : unmanaged, INumber<T>
    {
        for (int n = 0; n < s.N; n++)
        {
            for (int oh = 0; oh < s.OH; oh++)
            {
                for (int ow = 0; ow < s.OW; ow++)
                {
                    var (h0, h1, w0, w1) = s.Window(oh, ow);
                    int count = s.Divisor(h0, h1, w0, w1);
                    for (int c = 0; c < s.C; c++)
                    {
                        T sum = T.Zero;
                        for (int h = h0; h < h1; h++)
                        {
                            for (int w = w0; w < w1; w++)
                            {
                                sum += x[((n * s.H + h) * s.W + w) * s.C + c];
                            }
                        }
                        y[((n * s.OH + oh) * s.OW + ow) * s.C + c] = count == 0 ? T.Zero : sum / T.CreateChecked(count);
                    }
                }
            }
        }
    }

    /// <summary>Same contract as <see cref="MaxReference{T}"/>, over channel rows.</summary>
    public static void MaxFast<T>(in PoolGeometry s, ReadOnlySpan<T> x, Span<T> y)
        where T : unmanaged, INumber<T>
    {
        for (int n = 0; n < s.N; n++)
        {
            for (int oh = 0; oh < s.OH; oh++)
            {
                for (int ow = 0; ow < s.OW; ow++)
                {
                    var (h0, h1, w0, w1) = s.Window(oh, ow);
                    Span<T> dst = y.Slice(((n * s.OH + oh) * s.OW + ow) * s.C, s.C);
                    if (h0 >= h1 || w0 >= w1)
                    {
                        dst.Clear();
                        continue;
                    }
                    x.Slice(((n * s.H + h0) * s.W + w0) * s.C, s.C).CopyTo(dst);
                    for (int h = h0; h < h1; h++)
                    {
                        for (int w = h == h0 ? w0 + 1 : w0; w < w1; w++)
                        {
                            TensorPrimitives.Max(dst, x.Slice(((n * s.H + h) * s.W + w) * s.C, s.C), dst);
                        }
                    }
                }
            }
        }
    }

    /// <summary>Same contract as <see cref="AvgReference{T}"/>, over channel rows.</summary>
    public static void AvgFast<T>(in PoolGeometry s, ReadOnlySpan<T> x, Span<T> y)
        where T : unmanaged, INumber<T>
    {
        for (int n = 0; n < s.N; n++)
        {
            for (int oh = 0; oh < s.OH; oh++)
            {
                for (int ow = 0; ow < s.OW; ow++)
                {
                    var (h0, h1, w0, w1) = s.Window(oh, ow);
                    Span<T> dst = y.Slice(((n * s.OH + oh) * s.OW + ow) * s.C, s.C);
                    dst.Clear();
                    int count = s.Divisor(h0, h1, w0, w1);
                    if (count == 0)
                    {
                        continue;
                    }
                    for (int h = h0; h < h1; h++)
                    {
                        for (int w = w0; w < w1; w++)
                        {
                            TensorPrimitives.Add(dst, x.Slice(((n * s.H + h) * s.W + w) * s.C, s.C), dst);
                        }
                    }
                    TensorPrimitives.Divide(dst, T.CreateChecked(count), dst);
                }
            }
        }
    }

    /// <summary>
    /// The max-pooling gradient and its adjoint. Each window's gradient goes to the first position holding its
    /// maximum (row-major within the window). <paramref name="scatter"/> true: dx[arg] += dy[o] (dx overwritten,
    /// shape of x); false: gy[o] = gx[arg] (the gradient of the gradient, shape of y).
    /// </summary>
    public static void MaxRoute<T>(in PoolGeometry s, ReadOnlySpan<T> x, ReadOnlySpan<T> from, Span<T> to, bool scatter)
        where T : unmanaged, INumber<T>
    {
        to.Clear();
        // Per window, the arg-max of every channel, scanning positions in row-major order over contiguous channel rows.
        int[] arg = new int[s.C];
        for (int n = 0; n < s.N; n++)
        {
            for (int oh = 0; oh < s.OH; oh++)
            {
                for (int ow = 0; ow < s.OW; ow++)
                {
                    var (h0, h1, w0, w1) = s.Window(oh, ow);
                    if (h0 >= h1 || w0 >= w1)
                    {
                        continue;
                    }
                    int first = ((n * s.H + h0) * s.W + w0) * s.C;
                    for (int c = 0; c < s.C; c++)
                    {
                        arg[c] = first + c;
                    }
                    for (int h = h0; h < h1; h++)
                    {
                        for (int w = w0; w < w1; w++)
                        {
                            int row = ((n * s.H + h) * s.W + w) * s.C;
                            for (int c = 0; c < s.C; c++)
                            {
                                if (x[row + c] > x[arg[c]])
                                {
                                    arg[c] = row + c;
                                }
                            }
                        }
                    }
                    int o = ((n * s.OH + oh) * s.OW + ow) * s.C;
                    for (int c = 0; c < s.C; c++)
                    {
                        if (scatter)
                        {
                            to[arg[c]] += from[o + c];
                        }
                        else
                        {
                            to[o + c] = from[arg[c]];
                        }
                    }
                }
            }
        }
    }

    /// <summary>The average-pooling gradient: dx[i] += dy[o] / divisor for every window o containing i (dx overwritten).</summary>
    public static void AvgBackward<T>(in PoolGeometry s, ReadOnlySpan<T> dy, Span<T> dx)
        where T : unmanaged, INumber<T>
    {
        dx.Clear();
        for (int n = 0; n < s.N; n++)
        {
            for (int oh = 0; oh < s.OH; oh++)
            {
                for (int ow = 0; ow < s.OW; ow++)
                {
                    var (h0, h1, w0, w1) = s.Window(oh, ow);
                    int count = s.Divisor(h0, h1, w0, w1);
                    if (count == 0)
                    {
                        continue;
                    }
                    T scale = T.One / T.CreateChecked(count);
                    ReadOnlySpan<T> g = dy.Slice(((n * s.OH + oh) * s.OW + ow) * s.C, s.C);
                    for (int h = h0; h < h1; h++)
                    {
                        for (int w = w0; w < w1; w++)
                        {
                            Span<T> dst = dx.Slice(((n * s.H + h) * s.W + w) * s.C, s.C);
                            for (int c = 0; c < s.C; c++)
                            {
                                dst[c] += g[c] * scale;
                            }
                        }
                    }
                }
            }
        }
    }
}
