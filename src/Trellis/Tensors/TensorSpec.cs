namespace Trellis;

/// <summary>The shape and dtype of a tensor without its values: what a shape rule computes and a graph input declares.</summary>
/// <param name="Shape">Dimensions; <see cref="Shape.Unknown"/> marks a size known only at run time.</param>
/// <param name="DType">Element type.</param>
public readonly record struct TensorSpec(Shape Shape, DType DType)
{
    /// <summary>Text such as <c>float32(32, 784)</c>.</summary>
    public override string ToString() => $"{DType.Name()}{Shape}";
}
