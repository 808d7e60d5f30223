using System.Numerics;
using System.Numerics.Tensors;

namespace Trellis.Kernels.Elementwise;

internal readonly struct NegateFunction : INumericUnaryFunction
{
    public T Apply<T>(T x) where T : unmanaged, INumber<T> => T.Zero - x;
    public bool Fast<T>(ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, INumber<T> { TensorPrimitives.Negate(x, y); return true; }
}

internal readonly struct AbsFunction : INumericUnaryFunction
{
    public T Apply<T>(T x) where T : unmanaged, INumber<T> => T.IsNegative(x) ? T.Zero - x : x;
    public bool Fast<T>(ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, INumber<T>
    {
        if (typeof(T) == typeof(byte))
        {
            return false; // unsigned: identity, and TensorPrimitives.Abs has no unsigned form
        }
        TensorPrimitives.Abs(x, y);
        return true;
    }
}

/// <summary>-1, 0 or 1 (0 for NaN, as TensorFlow).</summary>
internal readonly struct SignFunction : INumericUnaryFunction
{
    public T Apply<T>(T x) where T : unmanaged, INumber<T> => x > T.Zero ? T.One : x < T.Zero ? T.Zero - T.One : T.Zero;
    public bool Fast<T>(ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, INumber<T> => false;
}

internal readonly struct SquareFunction : INumericUnaryFunction
{
    public T Apply<T>(T x) where T : unmanaged, INumber<T> => x * x;
    public bool Fast<T>(ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, INumber<T> { TensorPrimitives.Multiply(x, x, y); return true; }
}

/// <summary>max(x, 0). NOTE: its gradient at exactly 0 is 0 (TensorFlow's convention), not 0.5.</summary>
internal readonly struct ReluFunction : INumericUnaryFunction
{
    public T Apply<T>(T x) where T : unmanaged, INumber<T> => T.IsNaN(x) || x > T.Zero ? x : T.Zero;
    public bool Fast<T>(ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, INumber<T> { TensorPrimitives.Max(x, T.Zero, y); return true; }
}
