using Trellis.Kernels.Layout;

namespace Trellis.Operations;

/// <summary>NumPy basic slicing with steps (negative steps reverse). Gradient: <see cref="StridedSliceGradOp"/>, its adjoint.</summary>
internal sealed class StridedSliceOp(StridedSliceSpec spec) : Op
{
    public override object?[] ConstructorArguments => [Spec];

    public StridedSliceSpec Spec { get; } = spec;
    public override string Name => "StridedSlice";
    public override string AttributeText => Spec.ToString();

    public override TensorSpec InferOutput(ReadOnlySpan<TensorSpec> inputs)
    {
        TensorSpec x = inputs[0];
        return new TensorSpec(new Shape(Spec.Resolve(Name, x).Count), x.DType);
    }

    public override void Compute(ReadOnlySpan<Tensor> inputs, Tensor output)
    {
        Tensor x = inputs[0];
        var (start, step, _) = Spec.Resolve(Name, new TensorSpec(x.Shape, x.DType));
        LayoutKernels.StridedSlice(x.BytesView(), x.Shape.Dims, start, step, output.Shape.Dims, output.BytesView(), x.DType.SizeInBytes(), KernelMode.UseReference);
    }

    // NOTE: with unknown sizes the input's shape is only known at run time, so the adjoint reads it from the input.
    public override Tensor?[] Gradient(GradientContext g) => g.X.Shape.IsFullyDefined
        ? [OpDispatcher.Run(new StridedSliceGradOp(g.X.Shape, Spec), g.Upstream)]
        : [OpDispatcher.Run(new StridedSliceGradOp(g.X.Shape, Spec), g.Upstream, g.X)];
}

/// <summary>
/// The adjoint of <see cref="StridedSliceOp"/>: zeros of the sliced tensor's shape with the upstream written where the
/// slice read. Its own gradient is the strided slice again, so second derivatives work. An optional second input (its
/// values unread) gives the sliced tensor's shape when the graph runs, for traces with unknown dimensions.
/// </summary>
internal sealed class StridedSliceGradOp(Shape inputShape, StridedSliceSpec spec) : Op
{
    public override object?[] ConstructorArguments => [InputShape, Spec];

    public Shape InputShape { get; } = inputShape;
    public StridedSliceSpec Spec { get; } = spec;
    public override string Name => "StridedSliceGrad";
    public override string AttributeText => $"shape={InputShape}, {Spec}";

    public override TensorSpec InferOutput(ReadOnlySpan<TensorSpec> inputs)
    {
        TensorSpec up = inputs[0];
        Shape input = inputs.Length > 1 ? inputs[1].Shape : InputShape;
        var count = new Shape(Spec.Resolve(Name, new TensorSpec(input, up.DType)).Count);
        if (up.Shape != count && (count.IsFullyDefined || up.Shape.Rank != count.Rank))
        {
            Internal.ThrowHelper.Argument($"{Name}: the upstream gradient {up} does not match the slice of {input}; expected shape {count}.");
        }
        return new TensorSpec(input, up.DType);
    }

    public override void Compute(ReadOnlySpan<Tensor> inputs, Tensor output)
    {
        Tensor up = inputs[0];
        var (start, step, _) = Spec.Resolve(Name, new TensorSpec(output.Shape, up.DType));
        LayoutKernels.StridedSliceGrad(up.BytesView(), up.Shape.Dims, start, step, output.Shape.Dims, output.BytesView(), up.DType.SizeInBytes(), KernelMode.UseReference);
    }

    public override Tensor?[] Gradient(GradientContext g) => g.Inputs.Length > 1
        ? [Ops.StridedSlice(g.Upstream, Spec.Begin, Spec.End, Spec.Strides, Spec.BeginMask, Spec.EndMask), null]
        : [Ops.StridedSlice(g.Upstream, Spec.Begin, Spec.End, Spec.Strides, Spec.BeginMask, Spec.EndMask)];
}
