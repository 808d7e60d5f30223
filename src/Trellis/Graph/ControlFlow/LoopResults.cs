namespace Trellis.Graph.ControlFlow;

/// <summary>
/// The values a loop (or a loop's gradient) ends with, carried to its <see cref="LoopResultOp"/> readers: ops have
/// one output, so a loop outputs this token and each reader picks one value.
/// </summary>
/// <remarks>
/// The token is a float64 scalar rather than a bool so that a gradient tape records the loop op and its readers: the
/// readers' gradients are how the loop's gradient rule learns which results were differentiated (see <see cref="LoopGradients"/>).
/// </remarks>
internal sealed class LoopResults(Tensor[] values) : Tensor(Shape.Scalar, DType.Float64, new double[1])
{
    /// <summary>The spec of every loop token.</summary>
    public static readonly TensorSpec Spec = new(Shape.Scalar, DType.Float64);

    public Tensor[] Values { get; } = values;
}
