using System.Globalization;

namespace Trellis.Operations;

/// <summary>A tensor of the input's shape and dtype filled with a constant; the input's values are not read, and no gradient flows.</summary>
internal sealed class FillLikeOp(double value) : Op
{
    public override object?[] ConstructorArguments => [Value];

    public double Value { get; } = value;
    public override string Name => "FillLike";
    public override string AttributeText => "value=" + Value.ToString(CultureInfo.InvariantCulture);
    public override bool IsElementwise => true;
    public override TensorSpec InferOutput(ReadOnlySpan<TensorSpec> inputs) => inputs[0];

    public override void Compute(ReadOnlySpan<Tensor> inputs, Tensor output)
    {
        var filled = Tensor.Fill(output.Shape, Value, output.DType);
        filled.BytesView().CopyTo(output.BytesView());
    }

    public override Tensor?[] Gradient(GradientContext g) => [null];
}
