using System.Numerics;

namespace Trellis.Kernels.Elementwise;

/// <summary>
/// A binary element-wise function as an operator struct (TensorPrimitives' pattern): a scalar form, the reference,
/// and vectorized span forms, the fast path. Span forms return false when they have no fast path for T.
/// </summary>
internal interface IBinaryFunction
{
    /// <summary>Scalar form: the reference kernel applies it element by element.</summary>
    T Apply<T>(T a, T b) where T : unmanaged, INumber<T>;

    /// <summary>y[i] = f(a[i], b[i]).</summary>
    bool Fast<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> y) where T : unmanaged, INumber<T>;

    /// <summary>y[i] = f(a[i], b).</summary>
    bool Fast<T>(ReadOnlySpan<T> a, T b, Span<T> y) where T : unmanaged, INumber<T>;

    /// <summary>y[i] = f(a, b[i]).</summary>
    bool Fast<T>(T a, ReadOnlySpan<T> b, Span<T> y) where T : unmanaged, INumber<T>;
}

/// <summary>A binary predicate (comparisons): a scalar form only; outputs bool.</summary>
internal interface IComparison
{
    /// <summary>The predicate.</summary>
    bool Apply<T>(T a, T b) where T : unmanaged, INumber<T>;
}
