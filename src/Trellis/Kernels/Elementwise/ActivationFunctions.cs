using System.Numerics;
using System.Numerics.Tensors;

namespace Trellis.Kernels.Elementwise;

/// <summary>min(max(x, 0), 6).</summary>
internal readonly struct Relu6Function : IUnaryFunction
{
    public T Apply<T>(T x) where T : unmanaged, IFloatingPointIeee754<T> => T.IsNaN(x) ? x : T.Min(T.Max(x, T.Zero), T.CreateTruncating(6));
    public bool Fast<T>(ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T>
    {
        TensorPrimitives.Max(x, T.Zero, y);
        TensorPrimitives.Min(y, T.CreateTruncating(6), y);
        return true;
    }
}

/// <summary>x for x &gt; 0, alpha·x otherwise.</summary>
internal readonly struct LeakyReluFunction(double alpha) : IUnaryFunction
{
    public T Apply<T>(T x) where T : unmanaged, IFloatingPointIeee754<T> => x > T.Zero ? x : T.CreateTruncating(alpha) * x;
    public bool Fast<T>(ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T> => false;
}

/// <summary>x for x &gt; 0, alpha·(exp(x) - 1) otherwise.</summary>
internal readonly struct EluFunction(double alpha) : IUnaryFunction
{
    public T Apply<T>(T x) where T : unmanaged, IFloatingPointIeee754<T> => x > T.Zero ? x : T.CreateTruncating(alpha) * (T.Exp(x) - T.One);
    public bool Fast<T>(ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T> => false;
}

/// <summary>scale·elu(x, alpha) with Klambauer et al.'s constants.</summary>
internal readonly struct SeluFunction : IUnaryFunction
{
    public const double Alpha = 1.6732632423543772848170429916717;
    public const double Scale = 1.0507009873554804934193349852946;
    public T Apply<T>(T x) where T : unmanaged, IFloatingPointIeee754<T> =>
        T.CreateTruncating(Scale) * (x > T.Zero ? x : T.CreateTruncating(Alpha) * (T.Exp(x) - T.One));
    public bool Fast<T>(ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T> => false;
}

/// <summary>Exact GELU: x·Φ(x) = 0.5·x·(1 + erf(x/√2)).</summary>
internal readonly struct GeluExactFunction : IUnaryFunction
{
    public T Apply<T>(T x) where T : unmanaged, IFloatingPointIeee754<T> =>
        T.CreateTruncating(0.5 * double.CreateTruncating(x) * (1.0 + SpecialFunctions.Erf(double.CreateTruncating(x) / Math.Sqrt(2.0))));
    public bool Fast<T>(ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T> => false;
}

/// <summary>Tanh GELU: 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))).</summary>
internal readonly struct GeluTanhFunction : IUnaryFunction
{
    public T Apply<T>(T x) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T c = T.CreateTruncating(0.7978845608028654);
        T k = T.CreateTruncating(0.044715);
        T half = T.CreateTruncating(0.5);
        return half * x * (T.One + T.Tanh(c * (x + k * x * x * x)));
    }
    public bool Fast<T>(ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T> => false;
}

/// <summary>log(1 + exp(x)), computed stably as max(x, 0) + log1p(exp(-|x|)).</summary>
internal readonly struct SoftplusFunction : IUnaryFunction
{
    public T Apply<T>(T x) where T : unmanaged, IFloatingPointIeee754<T> => T.Max(x, T.Zero) + T.LogP1(T.Exp(-T.Abs(x)));
    public bool Fast<T>(ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T> => false;
}

/// <summary>x / (1 + |x|).</summary>
internal readonly struct SoftsignFunction : IUnaryFunction
{
    public T Apply<T>(T x) where T : unmanaged, IFloatingPointIeee754<T> => x / (T.One + T.Abs(x));
    public bool Fast<T>(ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T> => false;
}

/// <summary>x·sigmoid(x) (swish, silu).</summary>
internal readonly struct SwishFunction : IUnaryFunction
{
    public T Apply<T>(T x) where T : unmanaged, IFloatingPointIeee754<T> => x / (T.One + T.Exp(-x));
    public bool Fast<T>(ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T>
    {
        TensorPrimitives.Sigmoid(x, y);
        TensorPrimitives.Multiply(x, y, y);
        return true;
    }
}
