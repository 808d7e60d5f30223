using Trellis.Internal;

namespace Trellis.Operations;

/// <summary>
/// Input 0's elements in the shape input 1 has when the graph runs (input 1's values are not read). Gradient rules
/// use it instead of <see cref="ReshapeOp"/> when the target shape has unknown dimensions at trace time.
/// </summary>
internal sealed class ReshapeLikeOp : Op
{
    public static readonly ReshapeLikeOp Instance = new();
    public override string Name => "ReshapeLike";

    public override TensorSpec InferOutput(ReadOnlySpan<TensorSpec> inputs)
    {
        TensorSpec x = inputs[0], like = inputs[1];
        if (x.Shape.IsFullyDefined && like.Shape.IsFullyDefined && x.Shape.Size != like.Shape.Size)
        {
            ThrowHelper.OpInput(Name, $"an input with as many elements as the target's shape {like.Shape}", x, like);
        }
        return new TensorSpec(like.Shape, x.DType);
    }

    public override Tensor Execute(ReadOnlySpan<Tensor> inputs, TensorSpec output)
    {
        Tensor x = inputs[0];
        // NOTE: a variable's storage changes on Assign, so its reshape must be a copy, not a view (as ReshapeOp).
        return x.IsMutable ? base.Execute(inputs, output) : x.WithShape(output.Shape);
    }

    public override void Compute(ReadOnlySpan<Tensor> inputs, Tensor output) => inputs[0].BytesView().CopyTo(output.BytesView());

    public override Tensor?[] Gradient(GradientContext g) => [Ops.ReshapeLike(g.Upstream, g.X), null];
}
