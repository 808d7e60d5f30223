using Trellis.Operations;

namespace Trellis;

public static partial class Ops
{
    // Shape-polymorphic helpers for gradient rules. When the target's shape is fully known at trace time they use the
    // attribute-based ops (so fully-known graphs, their planner and their allocation profile are unchanged); otherwise
    // they take the target shape from a tensor when the graph runs, so a trace with unknown dimensions (a batch of -1)
    // differentiates correctly for every size.

    /// <summary>x broadcast to <paramref name="like"/>'s shape (read at run time when unknown at trace time).</summary>
    internal static Tensor BroadcastLike(Tensor x, Tensor like) =>
        like.Shape.IsFullyDefined ? BroadcastTo(x, like.Shape) : OpDispatcher.Run(BroadcastLikeOp.Instance, x, like);

    /// <summary>x summed down to <paramref name="like"/>'s shape, the inverse of broadcasting (read at run time when unknown at trace time).</summary>
    internal static Tensor SumToShapeOf(Tensor x, Tensor like) =>
        like.Shape.IsFullyDefined ? SumToShape(x, like.Shape) : OpDispatcher.Run(SumToShapeOfOp.Instance, x, like);

    /// <summary>x's elements in <paramref name="like"/>'s shape (read at run time when unknown at trace time).</summary>
    internal static Tensor ReshapeLike(Tensor x, Tensor like) =>
        like.Shape.IsFullyDefined ? Reshape(x, like.Shape) : OpDispatcher.Run(ReshapeLikeOp.Instance, x, like);

    /// <summary>The element count of x as a scalar of <paramref name="dtype"/>, read when the graph runs.</summary>
    internal static Tensor Size(Tensor x, DType dtype) => OpDispatcher.Run(new SizeOp(dtype), x);
}
