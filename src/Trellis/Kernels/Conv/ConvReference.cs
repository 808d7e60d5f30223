using System.Numerics;

namespace Trellis.Kernels.Conv;

/// <summary>Plain-loop convolution kernels (the oracle for <see cref="ConvIm2Col"/>).</summary>
internal static class ConvReference
{
    /// <summary>y[n, oh, ow, o] = Σ x[n, ih, iw, g·GroupIn + ci]·k[kh, kw, ci, o] with g = o / GroupOut.</summary>
    public static void Forward<T>(in ConvGeometry s, ReadOnlySpan<T> x, ReadOnlySpan<T> k, Span<T> y)
        where T : unmanaged, INumber<T>
    {
        int cg = s.GroupIn, og = s.GroupOut;
        for (int n = 0; n < s.N; n++)
        {
            for (int oh = 0; oh < s.OH; oh++)
            {
                for (int ow = 0; ow < s.OW; ow++)
                {
                    for (int o = 0; o < s.O; o++)
                    {
                        int g = o / og;
                        T sum = T.Zero;
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
                                for (int ci = 0; ci < cg; ci++)
                                {
                                    sum += x[((n * s.H + ih) * s.W + iw) * s.C + g * cg + ci] * k[((kh * s.KW + kw) * cg + ci) * s.O + o];
                                }
                            }
                        }
                        y[((n * s.OH + oh) * s.OW + ow) * s.O + o] = sum;
                    }
                }
            }
        }
    }

    /// <summary>dx = the adjoint of <see cref="Forward{T}"/> in x applied to dy (dx is overwritten).</summary>
    public static void BackpropInput<T>(in ConvGeometry s, ReadOnlySpan<T> dy, ReadOnlySpan<T> k, Span<T> dx)
        where T : unmanaged, INumber<T>
    {
        dx.Clear();
        int cg = s.GroupIn, og = s.GroupOut;
        for (int n = 0; n < s.N; n++)
        {
            for (int oh = 0; oh < s.OH; oh++)
            {
                for (int ow = 0; ow < s.OW; ow++)
                {
                    for (int o = 0; o < s.O; o++)
                    {
                        int g = o / og;
                        int yi = ((n * s.OH + oh) * s.OW + ow) * s.O + o;
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
                                for (int ci = 0; ci < cg; ci++)
                                {
                                    int xi = ((n * s.H + ih) * s.W + iw) * s.C + g * cg + ci;
                                    int ki = ((kh * s.KW + kw) * cg + ci) * s.O + o;
                                    dx[xi] += dy[yi] * k[ki];
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// <summary>dk = the adjoint of <see cref="Forward{T}"/> in k applied to dy (dk is overwritten).</summary>
    public static void BackpropFilter<T>(in ConvGeometry s, ReadOnlySpan<T> x, ReadOnlySpan<T> dy, Span<T> dk)
        where T : unmanaged, INumber<T>
    {
        dk.Clear();
        int cg = s.GroupIn, og = s.GroupOut;
        for (int n = 0; n < s.N; n++)
        {
            for (int oh = 0; oh < s.OH; oh++)
            {
                for (int ow = 0; ow < s.OW; ow++)
                {
                    for (int o = 0; o < s.O; o++)
                    {
                        int g = o / og;
                        int yi = ((n * s.OH + oh) * s.OW + ow) * s.O + o;
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
                                for (int ci = 0; ci < cg; ci++)
                                {
                                    int xi = ((n * s.H + ih) * s.W + iw) * s.C + g * cg + ci;
                                    int ki = ((kh * s.KW + kw) * cg + ci) * s.O + o;
                                    dk[ki] += x[xi] * dy[yi];
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
