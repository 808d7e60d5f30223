using System.Globalization;
using Trellis.Internal;

namespace Trellis.Operations;

/// <summary>clip(x, min, max) = min(max(x, min), max). Gradient passes where min ≤ x ≤ max.</summary>
internal sealed class ClipOp(double min, double max) : Op
{
    public override object?[] ConstructorArguments => [Min, Max];

    public double Min { get; } = min;
    public double Max { get; } = max;
    public override string Name => "Clip";
    public override string AttributeText => string.Create(CultureInfo.InvariantCulture, $"min={Min}, max={Max}");
    public override bool IsElementwise => true;

    public override TensorSpec InferOutput(ReadOnlySpan<TensorSpec> inputs)
    {
        if (!inputs[0].DType.IsNumeric())
        {
            ThrowHelper.OpInput(Name, "a numeric tensor", inputs[0]);
        }
        return inputs[0];
    }

    public override void Compute(ReadOnlySpan<Tensor> inputs, Tensor output)
    {
        Tensor x = inputs[0];
        if (x.DType == DType.Float32 && !KernelMode.UseReference)
        {
            System.Numerics.Tensors.TensorPrimitives.Max(x.ReadSpan<float>(), (float)Min, output.Span<float>());
            System.Numerics.Tensors.TensorPrimitives.Min(output.Span<float>(), (float)Max, output.Span<float>());
            return;
        }
        for (int i = 0; i < x.Size; i++)
        {
            double v = x.GetAsDouble(i);
            output.SetFromDouble(i, double.IsNaN(v) ? v : Math.Min(Math.Max(v, Min), Max));
        }
    }

    public override Tensor?[] Gradient(GradientContext g)
    {
        Tensor inside = Ops.LogicalAnd(Ops.GreaterEqual(g.X, Ops.FullLike(g.X, Min)), Ops.LessEqual(g.X, Ops.FullLike(g.X, Max)));
        return [g.Upstream * Ops.Cast(inside, g.Upstream.DType)];
    }
}
