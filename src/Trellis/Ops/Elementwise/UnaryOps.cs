using Trellis.Internal;
using Trellis.Kernels.Elementwise;

namespace Trellis.Operations;

/// <summary>A float-only element-wise op: shape and dtype pass through; float32/float64 only.</summary>
internal abstract class FloatUnaryOp<TFunc>(TFunc function) : Op, IElementwiseStep where TFunc : struct, IUnaryFunction
{
    public void ApplyInPlace(Span<float> buffer) => UnaryKernel.Run(Function, buffer, buffer, KernelMode.UseReference);

    public void ApplyInPlace(Span<double> buffer) => UnaryKernel.Run(Function, buffer, buffer, KernelMode.UseReference);

    protected TFunc Function { get; } = function;

    public override bool IsElementwise => true;

    public override TensorSpec InferOutput(ReadOnlySpan<TensorSpec> inputs)
    {
        if (!inputs[0].DType.IsFloating())
        {
            ThrowHelper.OpInput(Name, "a float32 or float64 tensor (cast integers with Ops.Cast)", inputs[0]);
        }
        return inputs[0];
    }

    public override Tensor Execute(ReadOnlySpan<Tensor> inputs, TensorSpec output)
    {
        var result = Tensor.AllocateForOverwrite(output.Shape, output.DType); // the kernel writes every element
        Compute(inputs, result);
        return result;
    }

    public override void Compute(ReadOnlySpan<Tensor> inputs, Tensor output)
    {
        bool reference = KernelMode.UseReference;
        if (output.DType == DType.Float32)
        {
            UnaryKernel.Run(Function, inputs[0].ReadSpan<float>(), output.Span<float>(), reference);
        }
        else
        {
            UnaryKernel.Run(Function, inputs[0].ReadSpan<double>(), output.Span<double>(), reference);
        }
    }
}

/// <summary>An element-wise op defined on every numeric dtype.</summary>
internal abstract class NumericUnaryOp<TFunc>(TFunc function) : Op, IElementwiseStep where TFunc : struct, INumericUnaryFunction
{
    public void ApplyInPlace(Span<float> buffer) => UnaryKernel.RunNumeric(Function, buffer, buffer, KernelMode.UseReference);

    public void ApplyInPlace(Span<double> buffer) => UnaryKernel.RunNumeric(Function, buffer, buffer, KernelMode.UseReference);

    protected TFunc Function { get; } = function;

    public override bool IsElementwise => true;

    public override TensorSpec InferOutput(ReadOnlySpan<TensorSpec> inputs)
    {
        if (!inputs[0].DType.IsNumeric())
        {
            ThrowHelper.OpInput(Name, "a numeric tensor (float32, float64, int32, int64 or uint8)", inputs[0]);
        }
        return inputs[0];
    }

    public override Tensor Execute(ReadOnlySpan<Tensor> inputs, TensorSpec output)
    {
        var result = Tensor.AllocateForOverwrite(output.Shape, output.DType); // the kernel writes every element
        Compute(inputs, result);
        return result;
    }

    public override void Compute(ReadOnlySpan<Tensor> inputs, Tensor output)
    {
        bool r = KernelMode.UseReference;
        Tensor x = inputs[0];
        switch (output.DType)
        {
            case DType.Float32: UnaryKernel.RunNumeric(Function, x.ReadSpan<float>(), output.Span<float>(), r); break;
            case DType.Float64: UnaryKernel.RunNumeric(Function, x.ReadSpan<double>(), output.Span<double>(), r); break;
            case DType.Int32: UnaryKernel.RunNumeric(Function, x.ReadSpan<int>(), output.Span<int>(), r); break;
            case DType.Int64: UnaryKernel.RunNumeric(Function, x.ReadSpan<long>(), output.Span<long>(), r); break;
            case DType.UInt8: UnaryKernel.RunNumeric(Function, x.ReadSpan<byte>(), output.Span<byte>(), r); break;
        }
    }
}
