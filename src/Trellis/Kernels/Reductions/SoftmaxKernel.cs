using System.Buffers;
using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;

namespace Trellis.Kernels.Reductions;

/// <summary>
/// Softmax and log-softmax along one axis of a row-major array viewed as (outer, axisLength, inner).
/// Both kernels subtract the maximum along the axis before exponentiating, so large inputs do not overflow:
/// softmax(x)ᵢ = exp(xᵢ - m) / Σⱼ exp(xⱼ - m), log-softmax(x)ᵢ = (xᵢ - m) - log Σⱼ exp(xⱼ - m), m = maxⱼ xⱼ.
/// </summary>
/// <remarks>
/// The reference kernel is three plain loops per slice and handles any axis. float32 rows of at most 16 values run
/// one vector per row (<see cref="SoftmaxNarrow"/>); otherwise the fast kernel runs TensorPrimitives on whole rows:
/// per row when the axis is the last one (inner = 1), and on (inner)-wide rows when it is not.
/// A NaN anywhere in a slice makes the whole slice NaN in both kernels (the maximum is NaN).
/// </remarks>
internal static class SoftmaxKernel
{
    /// <summary>Runs softmax (or log-softmax) of <paramref name="x"/> into <paramref name="y"/>.</summary>
    /// <param name="x">(outer, axisLength, inner) input.</param>
    /// <param name="y">(outer, axisLength, inner) output; may not alias <paramref name="x"/>.</param>
    /// <param name="outer">Product of the dimensions before the axis.</param>
    /// <param name="axisLength">Size of the normalized axis.</param>
    /// <param name="inner">Product of the dimensions after the axis (1 for the last axis).</param>
    /// <param name="log">Log-softmax instead of softmax.</param>
    /// <param name="reference">Run the scalar oracle instead of the TensorPrimitives path.</param>
    public static void Run<T>(ReadOnlySpan<T> x, Span<T> y, int outer, int axisLength, int inner, bool log, bool reference)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (x.Length == 0)
        {
            return;
        }
        if (reference)
        {
            Reference(x, y, outer, axisLength, inner, log);
        }
        else if (inner == 1 && typeof(T) == typeof(float) && SoftmaxNarrow.Supports(axisLength))
        {
            SoftmaxNarrow.Run(MemoryMarshal.Cast<T, float>(x), MemoryMarshal.Cast<T, float>(y), outer, axisLength, log);
        }
        else if (inner == 1)
        {
            FastLastAxis(x, y, outer, axisLength, log);
        }
        else
        {
            FastStrided(x, y, outer, axisLength, inner, log);
        }
    }

    /// <summary>The oracle: scalar loops, the sum accumulated in double.</summary>
    internal static void Reference<T>(ReadOnlySpan<T> x, Span<T> y, int outer, int axisLength, int inner, bool log)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int o = 0; o < outer; o++)
        {
            int block = o * axisLength * inner;
            for (int i = 0; i < inner; i++)
            {
                int start = block + i;
                T max = T.NegativeInfinity;
                for (int a = 0; a < axisLength; a++)
                {
                    T v = x[start + a * inner];
                    if (T.IsNaN(v) || v > max)
                    {
                        max = v;
                        if (T.IsNaN(v))
                        {
                            break;
                        }
                    }
                }
                double sum = 0;
                for (int a = 0; a < axisLength; a++)
                {
                    T e = T.Exp(x[start + a * inner] - max);
                    sum += double.CreateTruncating(e);
                    if (!log)
                    {
                        y[start + a * inner] = e;
                    }
                }
                if (log)
                {
                    T logSum = T.CreateTruncating(Math.Log(sum));
                    for (int a = 0; a < axisLength; a++)
                    {
                        y[start + a * inner] = x[start + a * inner] - max - logSum;
                    }
                }
                else
                {
                    T s = T.CreateTruncating(sum);
                    for (int a = 0; a < axisLength; a++)
                    {
                        y[start + a * inner] /= s;
                    }
                }
            }
        }
    }

    private static void FastLastAxis<T>(ReadOnlySpan<T> x, Span<T> y, int rows, int width, bool log)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        // Log-softmax keeps y = x - m and needs exp(y) only for its sum: that goes to a scratch row.
        T[]? scratch = log ? ArrayPool<T>.Shared.Rent(width) : null;
        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<T> xr = x.Slice(r * width, width);
            Span<T> yr = y.Slice(r * width, width);
            T max = TensorPrimitives.Max(xr);
            TensorPrimitives.Subtract(xr, max, yr);
            if (scratch is not null)
            {
                Span<T> e = scratch.AsSpan(0, width);
                TensorPrimitives.Exp(yr, e);
                TensorPrimitives.Subtract(yr, T.Log(TensorPrimitives.Sum<T>(e)), yr);
            }
            else
            {
                TensorPrimitives.Exp(yr, yr);
                TensorPrimitives.Divide(yr, TensorPrimitives.Sum<T>(yr), yr);
            }
        }
        if (scratch is not null)
        {
            ArrayPool<T>.Shared.Return(scratch);
        }
    }

    /// <summary>Axis not last: each slice (axisLength, inner) is reduced row by row into inner-wide max and sum rows.</summary>
    private static void FastStrided<T>(ReadOnlySpan<T> x, Span<T> y, int outer, int axisLength, int inner, bool log)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T[] scratch = ArrayPool<T>.Shared.Rent(2 * inner);
        Span<T> max = scratch.AsSpan(0, inner);   // (inner)
        Span<T> sum = scratch.AsSpan(inner, inner); // (inner)
        try
        {
            for (int o = 0; o < outer; o++)
            {
                ReadOnlySpan<T> xs = x.Slice(o * axisLength * inner, axisLength * inner); // (axisLength, inner)
                Span<T> ys = y.Slice(o * axisLength * inner, axisLength * inner);         // (axisLength, inner)
                xs.Slice(0, inner).CopyTo(max);
                for (int a = 1; a < axisLength; a++)
                {
                    TensorPrimitives.Max(max, xs.Slice(a * inner, inner), max);
                }
                sum.Clear();
                for (int a = 0; a < axisLength; a++)
                {
                    Span<T> yr = ys.Slice(a * inner, inner);
                    TensorPrimitives.Subtract(xs.Slice(a * inner, inner), max, yr);
                    TensorPrimitives.Exp(yr, yr);
                    TensorPrimitives.Add(sum, yr, sum);
                }
                if (log)
                {
                    TensorPrimitives.Log(sum, sum);
                    for (int a = 0; a < axisLength; a++)
                    {
                        Span<T> yr = ys.Slice(a * inner, inner);
                        TensorPrimitives.Subtract(xs.Slice(a * inner, inner), max, yr);
                        TensorPrimitives.Subtract(yr, sum, yr);
                    }
                }
                else
                {
                    for (int a = 0; a < axisLength; a++)
                    {
                        Span<T> yr = ys.Slice(a * inner, inner);
                        TensorPrimitives.Divide(yr, sum, yr);
                    }
                }
            }
        }
        finally
        {
            ArrayPool<T>.Shared.Return(scratch);
        }
    }
}
