using Trellis.Internal;
using Trellis.Kernels.Elementwise;
using Trellis.Tensors;

namespace Trellis.Operations;

/// <summary>A broadcasting arithmetic op on two tensors of the same numeric dtype.</summary>
internal abstract class BinaryOp<TFunc> : Op, IScalarBinaryStep where TFunc : struct, IBinaryFunction
{
    void IScalarBinaryStep.ApplyWithScalar(Span<float> buffer, float scalar, bool scalarOnLeft) => ApplyWithScalar(buffer, scalar, scalarOnLeft);

    void IScalarBinaryStep.ApplyWithScalar(Span<double> buffer, double scalar, bool scalarOnLeft) => ApplyWithScalar(buffer, scalar, scalarOnLeft);

    public override bool IsElementwise => true;

    /// <summary>True when the op is defined only on floats (pow).</summary>
    protected virtual bool FloatOnly => false;

    public override TensorSpec InferOutput(ReadOnlySpan<TensorSpec> inputs)
    {
        TensorSpec a = inputs[0], b = inputs[1];
        if (a.DType != b.DType)
        {
            ThrowHelper.OpInput(Name, "two tensors of the same dtype (convert one with Ops.Cast)", a, b);
        }
        if (FloatOnly ? !a.DType.IsFloating() : !a.DType.IsNumeric())
        {
            ThrowHelper.OpInput(Name, FloatOnly ? "float32 or float64 tensors" : "numeric tensors (float32, float64, int32, int64, uint8)", a, b);
        }
        return new TensorSpec(Broadcasting.Shapes(a.Shape, b.Shape, Name), a.DType);
    }

    /// <summary>buffer = f(buffer, s) or f(s, buffer), in place (the fused-loop form of a binary op with a scalar constant).</summary>
    public static void ApplyWithScalar<T>(Span<T> buffer, T scalar, bool scalarOnLeft) where T : unmanaged, System.Numerics.INumber<T>
    {
        TFunc f = default;
        bool done = !KernelMode.UseReference && !buffer.IsEmpty && (scalarOnLeft ? f.Fast(scalar, buffer, buffer) : f.Fast(buffer, scalar, buffer));
        if (!done)
        {
            for (int i = 0; i < buffer.Length; i++)
            {
                buffer[i] = scalarOnLeft ? f.Apply(scalar, buffer[i]) : f.Apply(buffer[i], scalar);
            }
        }
    }

    public override Tensor Execute(ReadOnlySpan<Tensor> inputs, TensorSpec output)
    {
        var result = Tensor.AllocateForOverwrite(output.Shape, output.DType); // the kernel writes every (broadcast) element
        Compute(inputs, result);
        return result;
    }

    public override void Compute(ReadOnlySpan<Tensor> inputs, Tensor output)
    {
        Tensor a = inputs[0], b = inputs[1];
        var layout = BroadcastLayout.Create(output.Shape.Dims, a.Shape.Dims, b.Shape.Dims);
        bool r = KernelMode.UseReference;
        TFunc f = default;
        switch (output.DType)
        {
            case DType.Float32: BinaryKernel.Run(f, layout, a.ReadSpan<float>(), b.ReadSpan<float>(), output.Span<float>(), r); break;
            case DType.Float64: BinaryKernel.Run(f, layout, a.ReadSpan<double>(), b.ReadSpan<double>(), output.Span<double>(), r); break;
            case DType.Int32: BinaryKernel.Run(f, layout, a.ReadSpan<int>(), b.ReadSpan<int>(), output.Span<int>(), r); break;
            case DType.Int64: BinaryKernel.Run(f, layout, a.ReadSpan<long>(), b.ReadSpan<long>(), output.Span<long>(), r); break;
            case DType.UInt8: BinaryKernel.Run(f, layout, a.ReadSpan<byte>(), b.ReadSpan<byte>(), output.Span<byte>(), r); break;
        }
    }
}

internal sealed class AddOp : BinaryOp<AddFunction>
{
    public static readonly AddOp Instance = new();
    public override string Name => "Add";
    public override Tensor?[] Gradient(GradientContext g) => [Ops.SumToShapeOf(g.Upstream, g.X), Ops.SumToShapeOf(g.Upstream, g.Y)];
}

internal sealed class SubtractOp : BinaryOp<SubtractFunction>
{
    public static readonly SubtractOp Instance = new();
    public override string Name => "Sub";
    public override Tensor?[] Gradient(GradientContext g) => [Ops.SumToShapeOf(g.Upstream, g.X), Ops.SumToShapeOf(-g.Upstream, g.Y)];
}

internal sealed class MultiplyOp : BinaryOp<MultiplyFunction>
{
    public static readonly MultiplyOp Instance = new();
    public override string Name => "Mul";
    public override Tensor?[] Gradient(GradientContext g) =>
        [Ops.SumToShapeOf(g.Upstream * g.Y, g.X), Ops.SumToShapeOf(g.Upstream * g.X, g.Y)];
}

internal sealed class DivideOp : BinaryOp<DivideFunction>
{
    public static readonly DivideOp Instance = new();
    public override string Name => "Div";
    public override Tensor?[] Gradient(GradientContext g) =>
        [Ops.SumToShapeOf(g.Upstream / g.Y, g.X), Ops.SumToShapeOf(-(g.Upstream * g.X) / Ops.Square(g.Y), g.Y)];
}

/// <summary>Maximum; on ties the gradient goes to the first operand (as TensorFlow's maximum does).</summary>
internal sealed class MaximumOp : BinaryOp<MaximumFunction>
{
    public static readonly MaximumOp Instance = new();
    public override string Name => "Maximum";
    public override Tensor?[] Gradient(GradientContext g)
    {
        Tensor mask = Ops.Cast(Ops.GreaterEqual(g.X, g.Y), g.Upstream.DType);
        return [Ops.SumToShapeOf(g.Upstream * mask, g.X), Ops.SumToShapeOf(g.Upstream * (1 - mask), g.Y)];
    }
}

/// <summary>Minimum; on ties the gradient goes to the first operand.</summary>
internal sealed class MinimumOp : BinaryOp<MinimumFunction>
{
    public static readonly MinimumOp Instance = new();
    public override string Name => "Minimum";
    public override Tensor?[] Gradient(GradientContext g)
    {
        Tensor mask = Ops.Cast(Ops.LessEqual(g.X, g.Y), g.Upstream.DType);
        return [Ops.SumToShapeOf(g.Upstream * mask, g.X), Ops.SumToShapeOf(g.Upstream * (1 - mask), g.Y)];
    }
}

/// <summary>a^b. d/da = b·a^(b-1); d/db = a^b·log(a), taken as 0 where a ≤ 0 (TensorFlow's convention).</summary>
internal sealed class PowOp : BinaryOp<PowFunction>
{
    public static readonly PowOp Instance = new();
    public override string Name => "Pow";
    protected override bool FloatOnly => true;
    public override Tensor?[] Gradient(GradientContext g)
    {
        Tensor a = g.X, b = g.Y;
        Tensor da = g.Upstream * b * Ops.Pow(a, b - 1);
        Tensor positive = Ops.Greater(a, Ops.ZerosLike(a));
        Tensor safeLog = Ops.Where(positive, Ops.Log(Ops.Where(positive, a, Ops.OnesLike(a))), Ops.ZerosLike(a));
        Tensor db = g.Upstream * g.Output * safeLog;
        return [Ops.SumToShapeOf(da, a), Ops.SumToShapeOf(db, b)];
    }
}
