using System.Numerics;
using System.Numerics.Tensors;

namespace Trellis.Kernels.Elementwise;

internal readonly struct AddFunction : IBinaryFunction
{
    public T Apply<T>(T a, T b) where T : unmanaged, INumber<T> => a + b;
    public bool Fast<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> y) where T : unmanaged, INumber<T> { TensorPrimitives.Add(a, b, y); return true; }
    public bool Fast<T>(ReadOnlySpan<T> a, T b, Span<T> y) where T : unmanaged, INumber<T> { TensorPrimitives.Add(a, b, y); return true; }
    public bool Fast<T>(T a, ReadOnlySpan<T> b, Span<T> y) where T : unmanaged, INumber<T> { TensorPrimitives.Add(b, a, y); return true; }
}

internal readonly struct SubtractFunction : IBinaryFunction
{
    public T Apply<T>(T a, T b) where T : unmanaged, INumber<T> => a - b;
    public bool Fast<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> y) where T : unmanaged, INumber<T> { TensorPrimitives.Subtract(a, b, y); return true; }
    public bool Fast<T>(ReadOnlySpan<T> a, T b, Span<T> y) where T : unmanaged, INumber<T> { TensorPrimitives.Subtract(a, b, y); return true; }
    public bool Fast<T>(T a, ReadOnlySpan<T> b, Span<T> y) where T : unmanaged, INumber<T> { TensorPrimitives.Subtract(a, b, y); return true; }
}

internal readonly struct MultiplyFunction : IBinaryFunction
{
    public T Apply<T>(T a, T b) where T : unmanaged, INumber<T> => a * b;
    public bool Fast<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> y) where T : unmanaged, INumber<T> { TensorPrimitives.Multiply(a, b, y); return true; }
    public bool Fast<T>(ReadOnlySpan<T> a, T b, Span<T> y) where T : unmanaged, INumber<T> { TensorPrimitives.Multiply(a, b, y); return true; }
    public bool Fast<T>(T a, ReadOnlySpan<T> b, Span<T> y) where T : unmanaged, INumber<T> { TensorPrimitives.Multiply(b, a, y); return true; }
}

internal readonly struct DivideFunction : IBinaryFunction
{
    public T Apply<T>(T a, T b) where T : unmanaged, INumber<T> => a / b;
    public bool Fast<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> y) where T : unmanaged, INumber<T> { TensorPrimitives.Divide(a, b, y); return true; }
    public bool Fast<T>(ReadOnlySpan<T> a, T b, Span<T> y) where T : unmanaged, INumber<T> { TensorPrimitives.Divide(a, b, y); return true; }
    public bool Fast<T>(T a, ReadOnlySpan<T> b, Span<T> y) where T : unmanaged, INumber<T> { TensorPrimitives.Divide(a, b, y); return true; }
}

/// <summary>Element-wise maximum; NaN propagates (as TensorFlow's maximum on CPU and Math.Max).</summary>
internal readonly struct MaximumFunction : IBinaryFunction
{
    public T Apply<T>(T a, T b) where T : unmanaged, INumber<T> => T.Max(a, b);
    public bool Fast<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> y) where T : unmanaged, INumber<T> { TensorPrimitives.Max(a, b, y); return true; }
    public bool Fast<T>(ReadOnlySpan<T> a, T b, Span<T> y) where T : unmanaged, INumber<T> { TensorPrimitives.Max(a, b, y); return true; }
    public bool Fast<T>(T a, ReadOnlySpan<T> b, Span<T> y) where T : unmanaged, INumber<T> { TensorPrimitives.Max(b, a, y); return true; }
}

/// <summary>Element-wise minimum; NaN propagates.</summary>
internal readonly struct MinimumFunction : IBinaryFunction
{
    public T Apply<T>(T a, T b) where T : unmanaged, INumber<T> => T.Min(a, b);
    public bool Fast<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> y) where T : unmanaged, INumber<T> { TensorPrimitives.Min(a, b, y); return true; }
    public bool Fast<T>(ReadOnlySpan<T> a, T b, Span<T> y) where T : unmanaged, INumber<T> { TensorPrimitives.Min(a, b, y); return true; }
    public bool Fast<T>(T a, ReadOnlySpan<T> b, Span<T> y) where T : unmanaged, INumber<T> { TensorPrimitives.Min(b, a, y); return true; }
}

/// <summary>a raised to b, computed in double for every T (so float32 matches NumPy's float32 power to the last ulp in most cases).</summary>
internal readonly struct PowFunction : IBinaryFunction
{
    public T Apply<T>(T a, T b) where T : unmanaged, INumber<T> =>
        T.CreateTruncating(Math.Pow(double.CreateTruncating(a), double.CreateTruncating(b)));
    public bool Fast<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> y) where T : unmanaged, INumber<T> => false;
    public bool Fast<T>(ReadOnlySpan<T> a, T b, Span<T> y) where T : unmanaged, INumber<T> => false;
    public bool Fast<T>(T a, ReadOnlySpan<T> b, Span<T> y) where T : unmanaged, INumber<T> => false;
}

internal readonly struct EqualComparison : IComparison { public bool Apply<T>(T a, T b) where T : unmanaged, INumber<T> => a == b; }
internal readonly struct NotEqualComparison : IComparison { public bool Apply<T>(T a, T b) where T : unmanaged, INumber<T> => a != b; }
internal readonly struct LessComparison : IComparison { public bool Apply<T>(T a, T b) where T : unmanaged, INumber<T> => a < b; }
internal readonly struct LessEqualComparison : IComparison { public bool Apply<T>(T a, T b) where T : unmanaged, INumber<T> => a <= b; }
internal readonly struct GreaterComparison : IComparison { public bool Apply<T>(T a, T b) where T : unmanaged, INumber<T> => a > b; }
internal readonly struct GreaterEqualComparison : IComparison { public bool Apply<T>(T a, T b) where T : unmanaged, INumber<T> => a >= b; }
