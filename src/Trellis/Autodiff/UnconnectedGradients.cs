namespace Trellis;

/// <summary>What <see cref="GradientTape.Gradient(Tensor, Tensor[], UnconnectedGradients, Tensor?)"/> returns for a source the target does not depend on.</summary>
public enum UnconnectedGradients
{
    /// <summary>Null, as TensorFlow's default <c>None</c>.</summary>
    None,
    /// <summary>A zero tensor of the source's shape.</summary>
    Zero,
}
