using System.Numerics;

namespace Trellis.Kernels.Elementwise;

/// <summary>A unary element-wise function over floats: a scalar reference form and an optional vectorized span form.</summary>
internal interface IUnaryFunction
{
    /// <summary>Scalar form (the reference kernel).</summary>
    T Apply<T>(T x) where T : unmanaged, IFloatingPointIeee754<T>;

    /// <summary>Vectorized form; returns false when there is none (the reference loop runs instead).</summary>
    bool Fast<T>(ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T>;
}

/// <summary>A unary function also defined on integers (neg, abs, sign, square, relu).</summary>
internal interface INumericUnaryFunction
{
    /// <summary>Scalar form (the reference kernel).</summary>
    T Apply<T>(T x) where T : unmanaged, INumber<T>;

    /// <summary>Vectorized form; false when there is none.</summary>
    bool Fast<T>(ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, INumber<T>;
}

/// <summary>Runs unary functions over contiguous spans.</summary>
internal static class UnaryKernel
{
    public static void Run<T, TFunc>(TFunc f, ReadOnlySpan<T> x, Span<T> y, bool reference)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TFunc : struct, IUnaryFunction
    {
        // NOTE: TensorPrimitives rejects empty spans in some functions (Sigmoid), so empty inputs stop here.
        if (x.IsEmpty || (!reference && f.Fast(x, y)))
        {
            return;
        }
        for (int i = 0; i < x.Length; i++)
        {
            y[i] = f.Apply(x[i]);
        }
    }

    public static void RunNumeric<T, TFunc>(TFunc f, ReadOnlySpan<T> x, Span<T> y, bool reference)
        where T : unmanaged, INumber<T>
        where TFunc : struct, INumericUnaryFunction
    {
        if (!reference && f.Fast(x, y))
        {
            return;
        }
        for (int i = 0; i < x.Length; i++)
        {
            y[i] = f.Apply(x[i]);
        }
    }
}
