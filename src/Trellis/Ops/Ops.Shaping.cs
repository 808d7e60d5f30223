using Trellis.Operations;

namespace Trellis;

public static partial class Ops
{
    /// <summary>Same elements in a new shape; one dimension may be -1.</summary>
    /// <exception cref="ArgumentException">The element counts differ.</exception>
    public static Tensor Reshape(Tensor x, Shape shape) => OpDispatcher.Run(new ReshapeOp(shape), x);

    /// <summary>Broadcasts x to <paramref name="shape"/> with NumPy's rules.</summary>
    public static Tensor BroadcastTo(Tensor x, Shape shape) => x.Shape == shape ? x : OpDispatcher.Run(new BroadcastToOp(shape), x);
}
