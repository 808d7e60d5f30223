using Trellis.Internal;
using Trellis.Kernels.Conv;

namespace Trellis.Operations;

/// <summary>
/// The gradient of <see cref="Conv2DOp"/> with respect to its kernel: inputs x (N, H, W, C) and dy (N, OH, OW, O);
/// output the kernel's shape (KH, KW, C / groups, O).
/// </summary>
/// <remarks>Linear in both inputs: d(x) = Conv2DBackpropInput(dy, g), d(dy) = Conv2D(x, g).</remarks>
internal sealed class Conv2DBackpropFilterOp(ConvParams p, Shape kernelShape) : Op
{
    public ConvParams Params { get; } = p;
    public Shape KernelShape { get; } = kernelShape;
    public override string Name => "Conv2DBackpropFilter";
    public override string AttributeText => $"{Params.Text}, kernel={KernelShape}";

    public override TensorSpec InferOutput(ReadOnlySpan<TensorSpec> inputs)
    {
        TensorSpec x = inputs[0], dy = inputs[1];
        var k = new TensorSpec(KernelShape, x.DType);
        TensorSpec forward = Params.Infer(Name, x, k);
        if (dy.DType != x.DType || !ConvParams.Compatible(forward.Shape, dy.Shape))
        {
            ThrowHelper.OpInput(Name, $"a gradient of shape {forward.Shape} and dtype {x.DType.Name()}, the forward output for kernel {KernelShape} ({Params.Text})", x, dy);
        }
        return k;
    }

    public override void Compute(ReadOnlySpan<Tensor> inputs, Tensor output)
    {
        Tensor x = inputs[0], dy = inputs[1];
        var s = Params.Geometry(x.Shape, output.Shape);
        bool reference = KernelMode.UseReference;
        if (output.DType == DType.Float32)
        {
            if (reference) { ConvReference.BackpropFilter(s, x.ReadSpan<float>(), dy.ReadSpan<float>(), output.Span<float>()); }
            else { ConvIm2Col.BackpropFilter(s, x.ReadSpan<float>(), dy.ReadSpan<float>(), output.Span<float>()); }
        }
        else
        {
            if (reference) { ConvReference.BackpropFilter(s, x.ReadSpan<double>(), dy.ReadSpan<double>(), output.Span<double>()); }
            else { ConvIm2Col.BackpropFilter(s, x.ReadSpan<double>(), dy.ReadSpan<double>(), output.Span<double>()); }
        }
    }

    public override Tensor?[] Gradient(GradientContext g) =>
    [
        ConvOps.BackpropInput(g.Y, g.Upstream, Params, g.X.Shape),
        ConvOps.Forward(g.X, g.Upstream, Params),
    ];
}
