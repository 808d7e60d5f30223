using Trellis.Internal;
using Trellis.Kernels.Reductions;

namespace Trellis.Operations;

/// <summary>ArgMax or ArgMin along one axis: int64 indices, the axis removed. Not differentiable.</summary>
internal sealed class ArgReduceOp(int axis, bool max) : Op
{
    public override object?[] ConstructorArguments => [Axis, IsMax];

    /// <summary>The axis as given (may be negative).</summary>
    public int Axis { get; } = axis;

    /// <summary>True for ArgMax, false for ArgMin.</summary>
    public bool IsMax { get; } = max;

    public override string Name => IsMax ? "ArgMax" : "ArgMin";

    public override string AttributeText => $"axis={Axis}";

    public override TensorSpec InferOutput(ReadOnlySpan<TensorSpec> inputs)
    {
        TensorSpec x = inputs[0];
        if (!x.DType.IsNumeric())
        {
            ThrowHelper.OpInput(Name, "a numeric tensor (float32, float64, int32, int64 or uint8)", x);
        }
        if (Axis < -x.Shape.Rank || Axis >= x.Shape.Rank)
        {
            ThrowHelper.OpInput(Name, $"axis {Axis} to be in {-x.Shape.Rank}..{x.Shape.Rank - 1} for the input's rank; pass an axis in that range", x);
        }
        int a = x.Shape.NormalizeAxis(Axis);
        if (x.Shape.Dims[a] == 0)
        {
            ThrowHelper.OpInput(Name, $"a non-empty axis {Axis} (there is no index of the {(IsMax ? "largest" : "smallest")} of nothing)", x);
        }
        var dims = x.Shape.ToArray().ToList();
        dims.RemoveAt(a);
        return new TensorSpec(new Shape([.. dims]), DType.Int64);
    }

    public override void Compute(ReadOnlySpan<Tensor> inputs, Tensor output)
    {
        Tensor x = inputs[0];
        var (outer, length, inner) = AxisLayout.Of(x.Shape, x.Shape.NormalizeAxis(Axis));
        Span<long> y = output.Span<long>();
        switch (x.DType)
        {
            case DType.Float32: ArgReduceKernel.Run(x.ReadSpan<float>(), y, outer, length, inner, IsMax); break;
            case DType.Float64: ArgReduceKernel.Run(x.ReadSpan<double>(), y, outer, length, inner, IsMax); break;
            case DType.Int32: ArgReduceKernel.Run(x.ReadSpan<int>(), y, outer, length, inner, IsMax); break;
            case DType.Int64: ArgReduceKernel.Run(x.ReadSpan<long>(), y, outer, length, inner, IsMax); break;
            default: ArgReduceKernel.Run(x.ReadSpan<byte>(), y, outer, length, inner, IsMax); break;
        }
    }

    // An index is piecewise constant in x: no gradient flows (TensorFlow returns None as well).
    public override Tensor?[] Gradient(GradientContext g) => [null];
}
