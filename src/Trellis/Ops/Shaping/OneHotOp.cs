using System.Globalization;
using Trellis.Internal;
using Trellis.Kernels.Layout;

namespace Trellis.Operations;

/// <summary>
/// One-hot encoding (tf.one_hot): a new axis of <see cref="Depth"/> at <see cref="Axis"/> holding <see cref="OnValue"/>
/// where the index matches and <see cref="OffValue"/> elsewhere; indices outside [0, depth) give all off values.
/// No gradient flows to integer indices.
/// </summary>
internal sealed class OneHotOp(int depth, double onValue, double offValue, DType dtype, int axis) : Op
{
    public override object?[] ConstructorArguments => [Depth, OnValue, OffValue, OutputDType, Axis];

    public int Depth { get; } = depth;
    public double OnValue { get; } = onValue;
    public double OffValue { get; } = offValue;
    public DType OutputDType { get; } = dtype;
    public int Axis { get; } = axis;
    public override string Name => "OneHot";

    public override string AttributeText => string.Create(CultureInfo.InvariantCulture,
        $"depth={Depth}, on={OnValue}, off={OffValue}, dtype={OutputDType.Name()}, axis={Axis}");

    public override TensorSpec InferOutput(ReadOnlySpan<TensorSpec> inputs)
    {
        TensorSpec indices = inputs[0];
        if (indices.DType is not (DType.Int32 or DType.Int64 or DType.UInt8))
        {
            ThrowHelper.Argument($"OneHot: expected int32, int64 or uint8 indices, but received {indices}. Convert them with Ops.Cast(indices, DType.Int32).");
        }
        if (Depth < 0)
        {
            ThrowHelper.Argument($"OneHot: depth must be non-negative, but received {Depth} for indices {indices}.");
        }
        int a = LayoutChecks.NewAxis(Name, Axis, indices.Shape.Rank, "indices " + indices);
        return new TensorSpec(LayoutChecks.Insert(indices.Shape, a, Depth), OutputDType);
    }

    public override void Compute(ReadOnlySpan<Tensor> inputs, Tensor output)
    {
        Tensor indices = inputs[0];
        int a = output.Shape.NormalizeAxis(Axis);
        ReadOnlySpan<int> d = indices.Shape.Dims;
        int outer = LayoutIndex.Product(d, 0, a), inner = LayoutIndex.Product(d, a, d.Length);
        byte[] on = Tensor.Scalar(OnValue, OutputDType).ToBytes(), off = Tensor.Scalar(OffValue, OutputDType).ToBytes();
        int es = OutputDType.SizeInBytes();
        bool r = KernelMode.UseReference;
        switch (indices.DType)
        {
            case DType.Int32: OneHotKernel.Run(indices.ReadSpan<int>(), outer, Depth, inner, on, off, output.BytesView(), es, r); break;
            case DType.Int64: OneHotKernel.Run(indices.ReadSpan<long>(), outer, Depth, inner, on, off, output.BytesView(), es, r); break;
            default: OneHotKernel.Run(indices.ReadSpan<byte>(), outer, Depth, inner, on, off, output.BytesView(), es, r); break;
        }
    }

    public override Tensor?[] Gradient(GradientContext g) => [null];
}
