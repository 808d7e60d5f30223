using Trellis.Kernels.Conv;

namespace Trellis.Operations;

/// <summary>
/// 2-D convolution (cross-correlation, as Keras and ONNX): input (N, H, W, C), kernel HWIO (KH, KW, C / groups, O),
/// output (N, OH, OW, O). Gradients: <see cref="Conv2DBackpropInputOp"/> and <see cref="Conv2DBackpropFilterOp"/>.
/// </summary>
internal sealed class Conv2DOp(ConvParams p) : Op
{
    public ConvParams Params { get; } = p;
    public override string Name => "Conv2D";
    public override string AttributeText => Params.Text;

    public override TensorSpec InferOutput(ReadOnlySpan<TensorSpec> inputs) => Params.Infer(Name, inputs[0], inputs[1]);

    public override void Compute(ReadOnlySpan<Tensor> inputs, Tensor output)
    {
        Tensor x = inputs[0], k = inputs[1];
        var s = Params.Geometry(x.Shape, k.Shape);
        bool reference = KernelMode.UseReference;
        if (output.DType == DType.Float32)
        {
            if (reference) { ConvReference.Forward(s, x.ReadSpan<float>(), k.ReadSpan<float>(), output.Span<float>()); }
            else { ConvIm2Col.Forward(s, x.ReadSpan<float>(), k.ReadSpan<float>(), output.Span<float>()); }
        }
        else
        {
            if (reference) { ConvReference.Forward(s, x.ReadSpan<double>(), k.ReadSpan<double>(), output.Span<double>()); }
            else { ConvIm2Col.Forward(s, x.ReadSpan<double>(), k.ReadSpan<double>(), output.Span<double>()); }
        }
    }

    public override Tensor?[] Gradient(GradientContext g) =>
    [
        g.Needs(0) ? ConvOps.BackpropInput(g.Upstream, g.Y, Params, g.X.Shape) : null,
        g.Needs(1) ? ConvOps.BackpropFilter(g.X, g.Upstream, Params, g.Y.Shape) : null,
    ];
}
