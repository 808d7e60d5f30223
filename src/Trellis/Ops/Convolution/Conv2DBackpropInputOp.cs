using Trellis.Internal;
using Trellis.Kernels.Conv;

namespace Trellis.Operations;

/// <summary>
/// The gradient of <see cref="Conv2DOp"/> with respect to its input, which is also the transposed convolution:
/// inputs dy (N, OH, OW, O) and the forward kernel (KH, KW, C / groups, O); output (N, H, W, C).
/// </summary>
/// <remarks>Linear in both inputs: d(dy) = Conv2D(g, kernel), d(kernel) = Conv2DBackpropFilter(g, dy).</remarks>
internal sealed class Conv2DBackpropInputOp(ConvParams p, int height, int width) : Op
{
    public ConvParams Params { get; } = p;
    public int Height { get; } = height;
    public int Width { get; } = width;
    public override string Name => "Conv2DBackpropInput";
    public override string AttributeText => $"{Params.Text}, size=[{Height},{Width}]";

    public override TensorSpec InferOutput(ReadOnlySpan<TensorSpec> inputs)
    {
        TensorSpec dy = inputs[0], k = inputs[1];
        if (dy.Shape.Rank != 4 || k.Shape.Rank != 4 || !dy.DType.IsFloating() || dy.DType != k.DType || !k.Shape.IsFullyDefined)
        {
            ThrowHelper.OpInput(Name, "a float32 or float64 gradient (N, OH, OW, O) and a kernel (KH, KW, C / groups, O) of the same dtype", dy, k);
        }
        var x = new TensorSpec(new Shape(dy.Shape[0], Height, Width, k.Shape[2] * Params.Groups), dy.DType);
        TensorSpec forward = Params.Infer(Name, x, k);
        if (!ConvParams.Compatible(forward.Shape, dy.Shape))
        {
            ThrowHelper.OpInput(Name, $"a gradient of shape {forward.Shape}, the forward output for an input of {x.Shape} ({Params.Text})", dy, k);
        }
        return x;
    }

    public override void Compute(ReadOnlySpan<Tensor> inputs, Tensor output)
    {
        Tensor dy = inputs[0], k = inputs[1];
        var s = Params.Geometry(output.Shape, k.Shape);
        bool reference = KernelMode.UseReference;
        if (output.DType == DType.Float32)
        {
            if (reference) { ConvReference.BackpropInput(s, dy.ReadSpan<float>(), k.ReadSpan<float>(), output.Span<float>()); }
            else { ConvIm2Col.BackpropInput(s, dy.ReadSpan<float>(), k.ReadSpan<float>(), output.Span<float>()); }
        }
        else
        {
            if (reference) { ConvReference.BackpropInput(s, dy.ReadSpan<double>(), k.ReadSpan<double>(), output.Span<double>()); }
            else { ConvIm2Col.BackpropInput(s, dy.ReadSpan<double>(), k.ReadSpan<double>(), output.Span<double>()); }
        }
    }

    public override Tensor?[] Gradient(GradientContext g) =>
    [
        ConvOps.Forward(g.Upstream, g.Y, Params),
        ConvOps.BackpropFilter(g.Upstream, g.X, Params, g.Y.Shape),
    ];
}
