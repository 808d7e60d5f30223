namespace Trellis.Operations;

/// <summary>
/// An element-wise op that can run in place on a span: the unit the graph's element-wise fusion chains into one
/// blocked loop.
/// </summary>
internal interface IElementwiseStep : Kernels.Elementwise.IInPlaceElementwise
{
}

/// <summary>A binary element-wise op applied in place with one scalar operand (fusion's form of x·2, x+1 ...).</summary>
internal interface IScalarBinaryStep
{
    /// <summary>buffer = f(buffer, scalar), or f(scalar, buffer) when <paramref name="scalarOnLeft"/>.</summary>
    void ApplyWithScalar(Span<float> buffer, float scalar, bool scalarOnLeft);

    /// <summary>buffer = f(buffer, scalar), or f(scalar, buffer) when <paramref name="scalarOnLeft"/>.</summary>
    void ApplyWithScalar(Span<double> buffer, double scalar, bool scalarOnLeft);
}
