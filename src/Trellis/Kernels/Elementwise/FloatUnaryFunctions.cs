using System.Numerics;
using System.Numerics.Tensors;

namespace Trellis.Kernels.Elementwise;

internal readonly struct ExpFunction : IUnaryFunction
{
    public T Apply<T>(T x) where T : unmanaged, IFloatingPointIeee754<T> => T.Exp(x);
    public bool Fast<T>(ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T> { TensorPrimitives.Exp(x, y); return true; }
}

internal readonly struct LogFunction : IUnaryFunction
{
    public T Apply<T>(T x) where T : unmanaged, IFloatingPointIeee754<T> => T.Log(x);
    public bool Fast<T>(ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T> { TensorPrimitives.Log(x, y); return true; }
}

/// <summary>log(1 + x), accurate for small x.</summary>
internal readonly struct Log1PFunction : IUnaryFunction
{
    public T Apply<T>(T x) where T : unmanaged, IFloatingPointIeee754<T> => T.LogP1(x);
    public bool Fast<T>(ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T> { TensorPrimitives.LogP1(x, y); return true; }
}

internal readonly struct SqrtFunction : IUnaryFunction
{
    public T Apply<T>(T x) where T : unmanaged, IFloatingPointIeee754<T> => T.Sqrt(x);
    public bool Fast<T>(ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T> { TensorPrimitives.Sqrt(x, y); return true; }
}

internal readonly struct RsqrtFunction : IUnaryFunction
{
    public T Apply<T>(T x) where T : unmanaged, IFloatingPointIeee754<T> => T.One / T.Sqrt(x);
    public bool Fast<T>(ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T>
    {
        TensorPrimitives.Sqrt(x, y);
        TensorPrimitives.Divide(T.One, y, y);
        return true;
    }
}

internal readonly struct ReciprocalFunction : IUnaryFunction
{
    public T Apply<T>(T x) where T : unmanaged, IFloatingPointIeee754<T> => T.One / x;
    public bool Fast<T>(ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T> { TensorPrimitives.Divide(T.One, x, y); return true; }
}

internal readonly struct TanhFunction : IUnaryFunction
{
    public T Apply<T>(T x) where T : unmanaged, IFloatingPointIeee754<T> => T.Tanh(x);
    public bool Fast<T>(ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T> { TensorPrimitives.Tanh(x, y); return true; }
}

/// <summary>1 / (1 + exp(-x)).</summary>
internal readonly struct SigmoidFunction : IUnaryFunction
{
    public T Apply<T>(T x) where T : unmanaged, IFloatingPointIeee754<T> => T.One / (T.One + T.Exp(-x));
    public bool Fast<T>(ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T> { TensorPrimitives.Sigmoid(x, y); return true; }
}

internal readonly struct SinFunction : IUnaryFunction
{
    public T Apply<T>(T x) where T : unmanaged, IFloatingPointIeee754<T> => T.Sin(x);
    public bool Fast<T>(ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T> { TensorPrimitives.Sin(x, y); return true; }
}

internal readonly struct CosFunction : IUnaryFunction
{
    public T Apply<T>(T x) where T : unmanaged, IFloatingPointIeee754<T> => T.Cos(x);
    public bool Fast<T>(ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T> { TensorPrimitives.Cos(x, y); return true; }
}

internal readonly struct FloorFunction : IUnaryFunction
{
    public T Apply<T>(T x) where T : unmanaged, IFloatingPointIeee754<T> => T.Floor(x);
    public bool Fast<T>(ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T> { TensorPrimitives.Floor(x, y); return true; }
}

internal readonly struct CeilFunction : IUnaryFunction
{
    public T Apply<T>(T x) where T : unmanaged, IFloatingPointIeee754<T> => T.Ceiling(x);
    public bool Fast<T>(ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T> { TensorPrimitives.Ceiling(x, y); return true; }
}

/// <summary>Round half to even (banker's rounding), as TensorFlow and NumPy do.</summary>
internal readonly struct RoundFunction : IUnaryFunction
{
    public T Apply<T>(T x) where T : unmanaged, IFloatingPointIeee754<T> => T.Round(x, MidpointRounding.ToEven);
    public bool Fast<T>(ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T> { TensorPrimitives.Round(x, MidpointRounding.ToEven, y); return true; }
}

/// <summary>The error function (computed in double).</summary>
internal readonly struct ErfFunction : IUnaryFunction
{
    public T Apply<T>(T x) where T : unmanaged, IFloatingPointIeee754<T> => T.CreateTruncating(SpecialFunctions.Erf(double.CreateTruncating(x)));
    public bool Fast<T>(ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T> => false;
}
