using Trellis.Kernels.Reductions;
using Trellis.Operations;
using Trellis.Tensors;

namespace Trellis;

public static partial class Ops
{
    /// <summary>Sum over <paramref name="axes"/> (all when null).</summary>
    /// <param name="x">Input.</param>
    /// <param name="axes">Axes to reduce; negative counts from the end.</param>
    /// <param name="keepDims">Keep reduced axes with size 1.</param>
    public static Tensor Sum(Tensor x, int[]? axes = null, bool keepDims = false) => OpDispatcher.Run(new ReduceOp(ReduceKind.Sum, axes, keepDims), x);

    /// <summary>Sum over one axis.</summary>
    public static Tensor Sum(Tensor x, int axis, bool keepDims = false) => Sum(x, [axis], keepDims);

    /// <summary>Arithmetic mean over <paramref name="axes"/> (all when null); floats only.</summary>
    public static Tensor Mean(Tensor x, int[]? axes = null, bool keepDims = false) => OpDispatcher.Run(new ReduceOp(ReduceKind.Mean, axes, keepDims), x);

    /// <summary>Mean over one axis.</summary>
    public static Tensor Mean(Tensor x, int axis, bool keepDims = false) => Mean(x, [axis], keepDims);

    /// <summary>Maximum over <paramref name="axes"/> (all when null).</summary>
    public static Tensor Max(Tensor x, int[]? axes = null, bool keepDims = false) => OpDispatcher.Run(new ReduceOp(ReduceKind.Max, axes, keepDims), x);

    /// <summary>Maximum over one axis.</summary>
    public static Tensor Max(Tensor x, int axis, bool keepDims = false) => Max(x, [axis], keepDims);

    /// <summary>Minimum over <paramref name="axes"/> (all when null).</summary>
    public static Tensor Min(Tensor x, int[]? axes = null, bool keepDims = false) => OpDispatcher.Run(new ReduceOp(ReduceKind.Min, axes, keepDims), x);

    /// <summary>Minimum over one axis.</summary>
    public static Tensor Min(Tensor x, int axis, bool keepDims = false) => Min(x, [axis], keepDims);

    /// <summary>Product over <paramref name="axes"/> (all when null).</summary>
    public static Tensor Prod(Tensor x, int[]? axes = null, bool keepDims = false) => OpDispatcher.Run(new ReduceOp(ReduceKind.Prod, axes, keepDims), x);

    /// <summary>Sums a broadcast gradient back to <paramref name="shape"/> (the inverse of broadcasting).</summary>
    public static Tensor SumToShape(Tensor x, Shape shape)
    {
        if (x.Shape == shape)
        {
            return x;
        }
        int[] axes = Broadcasting.ReducedAxes(x.Shape, shape);
        Tensor summed = axes.Length == 0 ? x : Sum(x, axes, keepDims: true);
        return summed.Shape == shape ? summed : Reshape(summed, shape);
    }
}
