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
        // Same conversions as Tensor.Fill, written into the output directly (no temporary tensor).
        switch (output.DType)
        {
            case DType.Float32: output.Span<float>().Fill((float)Value); break;
            case DType.Float64: output.Span<double>().Fill(Value); break;
            case DType.Int32: output.Span<int>().Fill((int)Value); break;
            case DType.Int64: output.Span<long>().Fill((long)Value); break;
            case DType.UInt8: output.Span<byte>().Fill((byte)Value); break;
            case DType.Bool: output.Span<bool>().Fill(Value != 0); break;
            case DType.Float16: output.Span<Half>().Fill((Half)Value); break;
            case DType.BFloat16: output.Span<BFloat16>().Fill((BFloat16)(float)Value); break;
        }
    }

    public override Tensor?[] Gradient(GradientContext g) => [null];
}
