using Trellis.Internal;
using Trellis.Kernels.Conv;

namespace Trellis.Operations;

/// <summary>
/// The gradient of <see cref="AvgPool2DOp"/>: input dy (N, OH, OW, C), output dx (N, H, W, C). Linear, and the adjoint
/// of average pooling, so its own gradient is average pooling of the upstream gradient.
/// </summary>
internal sealed class AvgPool2DGradOp(PoolParams p, int height, int width) : Op
{
    public PoolParams Params { get; } = p;
    public int Height { get; } = height;
    public int Width { get; } = width;
    public override string Name => "AvgPool2DGrad";
    public override string AttributeText => $"{Params.Text}, size=[{Height},{Width}]";

    public override TensorSpec InferOutput(ReadOnlySpan<TensorSpec> inputs)
    {
        TensorSpec dy = inputs[0];
        if (dy.Shape.Rank != 4)
        {
            ThrowHelper.OpInput(Name, "a gradient (N, OH, OW, C)", dy);
        }
        var x = new TensorSpec(new Shape(dy.Shape[0], Height, Width, dy.Shape[3]), dy.DType);
        if (!ConvParams.Compatible(Params.Infer(Name, x).Shape, dy.Shape))
        {
            ThrowHelper.OpInput(Name, $"a gradient of shape {Params.Infer(Name, x).Shape}", dy);
        }
        return x;
    }

    public override void Compute(ReadOnlySpan<Tensor> inputs, Tensor output)
    {
        var s = Params.Geometry(output.Shape);
        if (output.DType == DType.Float32)
        {
            PoolKernels.AvgBackward(s, inputs[0].ReadSpan<float>(), output.Span<float>());
        }
        else
        {
            PoolKernels.AvgBackward(s, inputs[0].ReadSpan<double>(), output.Span<double>());
        }
    }

    public override Tensor?[] Gradient(GradientContext g) => [OpDispatcher.Run(new AvgPool2DOp(Params), g.Upstream)];
}
