using Trellis.Internal;
using Trellis.Kernels.Layout;

namespace Trellis.Operations;

/// <summary>
/// Scatter-add, the adjoint of <see cref="GatherOp"/>: zeros of <see cref="ParamsShape"/>, then
/// out[..., indices[j], ...] += upstream[..., j, ...] (repeated indices accumulate). With axis 0 this is
/// TensorFlow's UnsortedSegmentSum. Its own gradient is the gather again.
/// </summary>
internal sealed class GatherGradOp(Shape paramsShape, int axis, string name = "GatherGrad") : Op
{
    public override object?[] ConstructorArguments => [ParamsShape, Axis, Name];

    public Shape ParamsShape { get; } = paramsShape;
    public int Axis { get; } = axis;
    public override string Name { get; } = name;
    public override string AttributeText => $"shape={ParamsShape}, axis={Axis}";

    public override TensorSpec InferOutput(ReadOnlySpan<TensorSpec> inputs)
    {
        TensorSpec up = inputs[0], indices = inputs[1];
        GatherOp.CheckIndexDType(Name, indices);
        if (up.DType is not (DType.Float32 or DType.Float64 or DType.Int32 or DType.Int64))
        {
            ThrowHelper.Argument($"{Name}: expected float32, float64, int32 or int64 data, but received {up}.");
        }
        int a = LayoutChecks.Axis(Name, Axis, new TensorSpec(ParamsShape, up.DType));
        var expected = new List<int>();
        expected.AddRange(ParamsShape.ToArray()[..a]);
        expected.AddRange(indices.Shape.ToArray());
        expected.AddRange(ParamsShape.ToArray()[(a + 1)..]);
        var expectedShape = new Shape([.. expected]);
        if (up.Shape != expectedShape)
        {
            ThrowHelper.Argument($"{Name}: data {up} does not match indices {indices} for an output of shape {ParamsShape}; expected data of shape {expectedShape}.");
        }
        return new TensorSpec(ParamsShape, up.DType);
    }

    public override void Compute(ReadOnlySpan<Tensor> inputs, Tensor output)
    {
        Tensor up = inputs[0], indices = inputs[1];
        int a = ParamsShape.NormalizeAxis(Axis);
        if (indices.DType == DType.Int32)
        {
            GatherOp.CheckRange(Name, indices.ReadSpan<int>(), output, a);
            Run(up, indices.ReadSpan<int>(), output, a);
        }
        else
        {
            GatherOp.CheckRange(Name, indices.ReadSpan<long>(), output, a);
            Run(up, indices.ReadSpan<long>(), output, a);
        }
    }

    private static void Run<TIndex>(Tensor up, ReadOnlySpan<TIndex> indices, Tensor output, int a)
        where TIndex : System.Numerics.IBinaryInteger<TIndex>
    {
        ReadOnlySpan<int> d = output.Shape.Dims;
        int outer = LayoutIndex.Product(d, 0, a), inner = LayoutIndex.Product(d, a + 1, d.Length);
        bool r = KernelMode.UseReference;
        switch (up.DType)
        {
            case DType.Float32: GatherKernel.GatherGrad(up.ReadSpan<float>(), outer, d[a], inner, indices, output.Span<float>(), r); break;
            case DType.Float64: GatherKernel.GatherGrad(up.ReadSpan<double>(), outer, d[a], inner, indices, output.Span<double>(), r); break;
            case DType.Int32: GatherKernel.GatherGrad(up.ReadSpan<int>(), outer, d[a], inner, indices, output.Span<int>(), r); break;
            case DType.Int64: GatherKernel.GatherGrad(up.ReadSpan<long>(), outer, d[a], inner, indices, output.Span<long>(), r); break;
        }
    }

    public override Tensor?[] Gradient(GradientContext g) => [Ops.Gather(g.Upstream, g.Y, Axis), null];
}
