using Trellis.Internal;

namespace Trellis.Operations;

/// <summary>
/// The number of elements of the input as a scalar of <see cref="DType"/>, read when the graph runs (the input's
/// values are not read). The mean's gradient divides by it when the reduced sizes are unknown at trace time.
/// </summary>
internal sealed class SizeOp(DType dtype) : Op
{
    public override object?[] ConstructorArguments => [DType];

    public DType DType { get; } = dtype;
    public override string Name => "Size";
    public override string AttributeText => "dtype=" + DType.Name();

    public override TensorSpec InferOutput(ReadOnlySpan<TensorSpec> inputs)
    {
        if (DType is not (DType.Float32 or DType.Float64 or DType.Int32 or DType.Int64))
        {
            ThrowHelper.Argument($"Size: the result dtype {DType.Name()} is not supported; expected float32, float64, int32 or int64.");
        }
        return new TensorSpec(Shape.Scalar, DType);
    }

    public override void Compute(ReadOnlySpan<Tensor> inputs, Tensor output)
    {
        long size = inputs[0].Shape.Size;
        switch (DType)
        {
            case DType.Float32: output.Span<float>()[0] = size; break;
            case DType.Float64: output.Span<double>()[0] = size; break;
            case DType.Int32: output.Span<int>()[0] = checked((int)size); break;
            case DType.Int64: output.Span<long>()[0] = size; break;
        }
    }

    public override Tensor?[] Gradient(GradientContext g) => [null];
}
