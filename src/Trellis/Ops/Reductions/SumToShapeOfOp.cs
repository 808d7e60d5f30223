using Trellis.Internal;
using Trellis.Kernels.Reductions;
using Trellis.Tensors;

namespace Trellis.Operations;

/// <summary>
/// Sums input 0 down to the shape input 1 has when the graph runs (the inverse of broadcasting; input 1's values are
/// not read). Gradient rules of broadcasting ops use it instead of a summation over axes fixed at trace time when
/// the operand's shape has unknown dimensions: which axes were broadcast is only known once the sizes are.
/// </summary>
internal sealed class SumToShapeOfOp : Op
{
    public static readonly SumToShapeOfOp Instance = new();
    public override string Name => "SumToShapeOf";

    public override TensorSpec InferOutput(ReadOnlySpan<TensorSpec> inputs)
    {
        TensorSpec x = inputs[0], like = inputs[1];
        if (!x.DType.IsNumeric() || x.Shape.Rank < like.Shape.Rank)
        {
            ThrowHelper.OpInput(Name, "a numeric input of rank at least the target's rank (input 1)", x, like);
        }
        Shape full = Broadcasting.Shapes(x.Shape, like.Shape, Name);
        if (x.Shape.IsFullyDefined && like.Shape.IsFullyDefined && full != x.Shape)
        {
            ThrowHelper.OpInput(Name, $"a target shape that broadcasts to the input's shape {x.Shape}", x, like);
        }
        return new TensorSpec(like.Shape, x.DType);
    }

    public override void Compute(ReadOnlySpan<Tensor> inputs, Tensor output)
    {
        Tensor x = inputs[0];
        int[] axes = Broadcasting.ReducedAxes(x.Shape, inputs[1].Shape);
        if (axes.Length == 0)
        {
            x.BytesView().CopyTo(output.BytesView()); // same elements, at most a different rank of ones
            return;
        }
        var mask = new bool[x.Rank];
        foreach (int a in axes)
        {
            mask[a] = true;
        }
        // The reduced elements come out in row-major order of the kept axes, which is the target's order.
        bool r = KernelMode.UseReference;
        switch (x.DType)
        {
            case DType.Float32: ReduceKernel.Run(ReduceKind.Sum, x.ReadSpan<float>(), x.Shape.Dims, mask, output.Span<float>(), r); break;
            case DType.Float64: ReduceKernel.Run(ReduceKind.Sum, x.ReadSpan<double>(), x.Shape.Dims, mask, output.Span<double>(), r); break;
            case DType.Int32: ReduceKernel.Run(ReduceKind.Sum, x.ReadSpan<int>(), x.Shape.Dims, mask, output.Span<int>(), r); break;
            case DType.Int64: ReduceKernel.Run(ReduceKind.Sum, x.ReadSpan<long>(), x.Shape.Dims, mask, output.Span<long>(), r); break;
            case DType.UInt8: ReduceKernel.Run(ReduceKind.Sum, x.ReadSpan<byte>(), x.Shape.Dims, mask, output.Span<byte>(), r); break;
            default: ThrowHelper.Argument($"SumToShapeOf: dtype {x.DType.Name()} is not supported; expected a numeric dtype."); break;
        }
    }

    public override Tensor?[] Gradient(GradientContext g) => [Ops.BroadcastLike(g.Upstream, g.X), null];
}
