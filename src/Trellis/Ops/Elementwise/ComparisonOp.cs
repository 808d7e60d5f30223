using Trellis.Internal;
using Trellis.Kernels.Elementwise;
using Trellis.Tensors;

namespace Trellis.Operations;

/// <summary>A broadcasting comparison: two tensors of the same numeric dtype in, bool out. Not differentiable.</summary>
internal sealed class ComparisonOp<TCmp>(string name) : Op where TCmp : struct, IComparison
{
    public override object?[] ConstructorArguments => [Name];

    public override string Name { get; } = name;
    public override bool IsElementwise => true;

    public override TensorSpec InferOutput(ReadOnlySpan<TensorSpec> inputs)
    {
        TensorSpec a = inputs[0], b = inputs[1];
        if (a.DType != b.DType || !a.DType.IsNumeric())
        {
            ThrowHelper.OpInput(Name, "two numeric tensors of the same dtype", a, b);
        }
        return new TensorSpec(Broadcasting.Shapes(a.Shape, b.Shape, Name), DType.Bool);
    }

    public override void Compute(ReadOnlySpan<Tensor> inputs, Tensor output)
    {
        Tensor a = inputs[0], b = inputs[1];
        var layout = BroadcastLayout.Create(output.Shape.Dims, a.Shape.Dims, b.Shape.Dims);
        TCmp c = default;
        Span<bool> y = output.Span<bool>();
        switch (a.DType)
        {
            case DType.Float32: BinaryKernel.Compare(c, layout, a.ReadSpan<float>(), b.ReadSpan<float>(), y); break;
            case DType.Float64: BinaryKernel.Compare(c, layout, a.ReadSpan<double>(), b.ReadSpan<double>(), y); break;
            case DType.Int32: BinaryKernel.Compare(c, layout, a.ReadSpan<int>(), b.ReadSpan<int>(), y); break;
            case DType.Int64: BinaryKernel.Compare(c, layout, a.ReadSpan<long>(), b.ReadSpan<long>(), y); break;
            case DType.UInt8: BinaryKernel.Compare(c, layout, a.ReadSpan<byte>(), b.ReadSpan<byte>(), y); break;
        }
    }

    public override Tensor?[] Gradient(GradientContext g) => [null, null];
}

internal static class Comparisons
{
    public static readonly ComparisonOp<EqualComparison> Equal = new("Equal");
    public static readonly ComparisonOp<NotEqualComparison> NotEqual = new("NotEqual");
    public static readonly ComparisonOp<LessComparison> Less = new("Less");
    public static readonly ComparisonOp<LessEqualComparison> LessEqual = new("LessEqual");
    public static readonly ComparisonOp<GreaterComparison> Greater = new("Greater");
    public static readonly ComparisonOp<GreaterEqualComparison> GreaterEqual = new("GreaterEqual");
}
