using Trellis.Internal;
using Trellis.Kernels.Elementwise;
using Trellis.Tensors;

namespace Trellis.Operations;

/// <summary>Logical and/or/xor on broadcast bool tensors, and not.</summary>
internal sealed class LogicalOp(string name, Func<bool, bool, bool> function) : Op
{
    public static readonly LogicalOp And = new("LogicalAnd", (a, b) => a && b);
    public static readonly LogicalOp Or = new("LogicalOr", (a, b) => a || b);
    public static readonly LogicalOp Xor = new("LogicalXor", (a, b) => a ^ b);

    public override string Name { get; } = name;
    public override bool IsElementwise => true;

    public override TensorSpec InferOutput(ReadOnlySpan<TensorSpec> inputs)
    {
        if (inputs[0].DType != DType.Bool || inputs[1].DType != DType.Bool)
        {
            ThrowHelper.OpInput(Name, "two bool tensors", inputs[0], inputs[1]);
        }
        return new TensorSpec(Broadcasting.Shapes(inputs[0].Shape, inputs[1].Shape, Name), DType.Bool);
    }

    public override void Compute(ReadOnlySpan<Tensor> inputs, Tensor output)
    {
        var layout = BroadcastLayout.Create(output.Shape.Dims, inputs[0].Shape.Dims, inputs[1].Shape.Dims);
        ReadOnlySpan<bool> a = inputs[0].ReadSpan<bool>(), b = inputs[1].ReadSpan<bool>();
        Span<bool> y = output.Span<bool>();
        int n = layout.Inner;
        for (int r = 0; r < layout.AOffsets.Length; r++)
        {
            for (int i = 0; i < n; i++)
            {
                y[r * n + i] = function(a[layout.AOffsets[r] + i * layout.AInnerStride], b[layout.BOffsets[r] + i * layout.BInnerStride]);
            }
        }
    }

    public override Tensor?[] Gradient(GradientContext g) => [null, null];
}

internal sealed class LogicalNotOp : Op
{
    public static readonly LogicalNotOp Instance = new();
    public override string Name => "LogicalNot";
    public override bool IsElementwise => true;

    public override TensorSpec InferOutput(ReadOnlySpan<TensorSpec> inputs)
    {
        if (inputs[0].DType != DType.Bool)
        {
            ThrowHelper.OpInput(Name, "a bool tensor", inputs[0]);
        }
        return inputs[0];
    }

    public override void Compute(ReadOnlySpan<Tensor> inputs, Tensor output)
    {
        ReadOnlySpan<bool> x = inputs[0].ReadSpan<bool>();
        Span<bool> y = output.Span<bool>();
        for (int i = 0; i < x.Length; i++)
        {
            y[i] = !x[i];
        }
    }

    public override Tensor?[] Gradient(GradientContext g) => [null];
}
