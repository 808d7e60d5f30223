using Trellis.Internal;
using Trellis.Tensors;

namespace Trellis.Operations;

/// <summary>
/// Broadcasts input 0 to the shape input 1 has when the graph runs (input 1's values are not read). Gradient rules
/// use it instead of <see cref="BroadcastToOp"/> when the target shape has unknown dimensions at trace time, so one
/// trace serves every batch size.
/// </summary>
internal sealed class BroadcastLikeOp : Op
{
    public static readonly BroadcastLikeOp Instance = new();
    public override string Name => "BroadcastLike";

    public override TensorSpec InferOutput(ReadOnlySpan<TensorSpec> inputs)
    {
        TensorSpec x = inputs[0], like = inputs[1];
        if (x.Shape.Rank > like.Shape.Rank)
        {
            ThrowHelper.OpInput(Name, "an input of rank at most the target's rank (input 1)", x, like);
        }
        // Known sizes of x fill the target's unknown ones: broadcasting to the target cannot change them.
        Shape result = Broadcasting.Shapes(x.Shape, like.Shape, Name);
        if (x.Shape.IsFullyDefined && like.Shape.IsFullyDefined && result != like.Shape)
        {
            ThrowHelper.OpInput(Name, $"an input that broadcasts to the target's shape {like.Shape} (it would need {result})", x, like);
        }
        return new TensorSpec(result, x.DType);
    }

    public override void Compute(ReadOnlySpan<Tensor> inputs, Tensor output) => BroadcastToOp.Broadcast(inputs[0], output);

    public override Tensor?[] Gradient(GradientContext g) => [Ops.SumToShapeOf(g.Upstream, g.X), null];
}
