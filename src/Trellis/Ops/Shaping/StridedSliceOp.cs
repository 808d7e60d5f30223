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

    public override Tensor?[] Gradient(GradientContext g) => [OpDispatcher.Run(new StridedSliceGradOp(g.X.Shape, Spec), g.Upstream)];
}

/// <summary>
/// The adjoint of <see cref="StridedSliceOp"/>: zeros of the sliced tensor's shape with the upstream written where the
/// slice read. Its own gradient is the strided slice again, so second derivatives work.
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
        var count = new Shape(Spec.Resolve(Name, new TensorSpec(InputShape, up.DType)).Count);
        if (up.Shape != count)
        {
            Internal.ThrowHelper.Argument($"{Name}: the upstream gradient {up} does not match the slice of {InputShape}; expected shape {count}.");
        }
        return new TensorSpec(InputShape, up.DType);
    }

    public override void Compute(ReadOnlySpan<Tensor> inputs, Tensor output)
    {
        Tensor up = inputs[0];
        var (start, step, _) = Spec.Resolve(Name, new TensorSpec(InputShape, up.DType));
        LayoutKernels.StridedSliceGrad(up.BytesView(), up.Shape.Dims, start, step, InputShape.Dims, output.BytesView(), up.DType.SizeInBytes(), KernelMode.UseReference);
    }

    public override Tensor?[] Gradient(GradientContext g) =>
        [Ops.StridedSlice(g.Upstream, Spec.Begin, Spec.End, Spec.Strides, Spec.BeginMask, Spec.EndMask)];
}
