using System.Numerics;
using System.Numerics.Tensors;

namespace Trellis.Kernels.Reductions;

/// <summary>
/// Reduction over a set of axes of a row-major array. The reference visits the input in order and accumulates into
/// the output slot it maps to; the fast paths handle "reduce a trailing block" (row sums) and "reduce a leading
/// block" (column sums, as bias gradients need) with TensorPrimitives.
/// </summary>
internal static class ReduceKernel
{
    public static void Run<T>(ReduceKind kind, ReadOnlySpan<T> x, ReadOnlySpan<int> dims, bool[] reduced, Span<T> y, bool reference)
        where T : unmanaged, INumber<T>
    {
        int n = x.Length;
        int outCount = y.Length;
        int reducedCount = outCount == 0 ? 0 : n / outCount;
        if (!reference && n > 0 && typeof(T) != typeof(byte) && TryFast(kind, x, dims, reduced, y, reducedCount))
        {
            return;
        }
        Reference(kind, x, dims, reduced, y, reducedCount);
    }

    private static void Reference<T>(ReduceKind kind, ReadOnlySpan<T> x, ReadOnlySpan<int> dims, bool[] reduced, Span<T> y, int reducedCount)
        where T : unmanaged, INumber<T>
    {
        int rank = dims.Length;
        // Output strides aligned to the input axes (0 on reduced axes).
        var outStrides = new int[rank];
        int acc = 1;
        for (int i = rank - 1; i >= 0; i--)
        {
            if (!reduced[i])
            {
                outStrides[i] = acc;
                acc *= dims[i];
            }
        }
        T init = kind switch
        {
            ReduceKind.Max => MinValue<T>(),
            ReduceKind.Min => MaxValue<T>(),
            ReduceKind.Prod => T.One,
            _ => T.Zero,
        };
        y.Fill(init);
        var idx = new int[rank];
        int o = 0;
        for (int i = 0; i < x.Length; i++)
        {
            T v = x[i];
            y[o] = kind switch
            {
                ReduceKind.Max => T.IsNaN(v) || v > y[o] ? v : y[o],
                ReduceKind.Min => T.IsNaN(v) || v < y[o] ? v : y[o],
                ReduceKind.Prod => y[o] * v,
                _ => y[o] + v,
            };
            for (int ax = rank - 1; ax >= 0; ax--)
            {
                idx[ax]++;
                o += outStrides[ax];
                if (idx[ax] < dims[ax])
                {
                    break;
                }
                o -= outStrides[ax] * idx[ax];
                idx[ax] = 0;
            }
        }
        if (kind == ReduceKind.Mean)
        {
            T count = T.CreateTruncating(reducedCount);
            for (int i = 0; i < y.Length; i++)
            {
                y[i] /= count;
            }
        }
    }

    private static bool TryFast<T>(ReduceKind kind, ReadOnlySpan<T> x, ReadOnlySpan<int> dims, bool[] reduced, Span<T> y, int reducedCount)
        where T : unmanaged, INumber<T>
    {
        if (kind == ReduceKind.Prod)
        {
            return false;
        }
        // Find whether the reduced axes (ignoring size-1 axes) form a trailing or a leading block.
        int first = -1, last = -1;
        bool contiguous = true;
        for (int i = 0; i < dims.Length; i++)
        {
            if (!reduced[i] || dims[i] == 1)
            {
                continue;
            }
            if (first < 0)
            {
                first = i;
            }
            else if (last != i - 1 && !AllOnesBetween(dims, reduced, last, i))
            {
                contiguous = false;
            }
            last = i;
        }
        if (!contiguous)
        {
            return false;
        }
        if (first < 0)
        {
            x.CopyTo(y); // nothing of size > 1 reduced
            return true;
        }
        bool trailing = true, leading = true;
        for (int i = last + 1; i < dims.Length; i++)
        {
            trailing &= dims[i] == 1 || reduced[i];
        }
        for (int i = 0; i < first; i++)
        {
            leading &= dims[i] == 1 || reduced[i];
        }
        if (trailing)
        {
            int rows = y.Length, width = reducedCount;
            for (int r = 0; r < rows; r++)
            {
                ReadOnlySpan<T> row = x.Slice(r * width, width);
                y[r] = kind switch
                {
                    ReduceKind.Sum => TensorPrimitives.Sum(row),
                    ReduceKind.Mean => TensorPrimitives.Sum(row) / T.CreateTruncating(width),
                    ReduceKind.Max => TensorPrimitives.Max(row),
                    _ => TensorPrimitives.Min(row),
                };
            }
            return true;
        }
        if (leading)
        {
            int width = y.Length;
            x.Slice(0, width).CopyTo(y);
            for (int r = 1; r < reducedCount; r++)
            {
                ReadOnlySpan<T> row = x.Slice(r * width, width);
                switch (kind)
                {
                    case ReduceKind.Sum or ReduceKind.Mean: TensorPrimitives.Add(y, row, y); break;
                    case ReduceKind.Max: TensorPrimitives.Max(y, row, y); break;
                    default: TensorPrimitives.Min(y, row, y); break;
                }
            }
            if (kind == ReduceKind.Mean)
            {
                TensorPrimitives.Divide(y, T.CreateTruncating(reducedCount), y);
            }
            return true;
        }
        return false;
    }

    private static bool AllOnesBetween(ReadOnlySpan<int> dims, bool[] reduced, int from, int to)
    {
        for (int i = from + 1; i < to; i++)
        {
            if (dims[i] != 1)
            {
                return false;
            }
        }
        return true;
    }

    private static T MinValue<T>() where T : unmanaged, INumber<T> =>
        typeof(T) == typeof(float) ? T.CreateTruncating(float.NegativeInfinity) :
        typeof(T) == typeof(double) ? T.CreateTruncating(double.NegativeInfinity) :
        typeof(T) == typeof(int) ? T.CreateTruncating(int.MinValue) :
        typeof(T) == typeof(long) ? T.CreateTruncating(long.MinValue) : T.Zero;

    private static T MaxValue<T>() where T : unmanaged, INumber<T> =>
        typeof(T) == typeof(float) ? T.CreateTruncating(float.PositiveInfinity) :
        typeof(T) == typeof(double) ? T.CreateTruncating(double.PositiveInfinity) :
        typeof(T) == typeof(int) ? T.CreateTruncating(int.MaxValue) :
        typeof(T) == typeof(long) ? T.CreateTruncating(long.MaxValue) : T.CreateTruncating(255);
}
