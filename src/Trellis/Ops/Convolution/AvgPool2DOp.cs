using Trellis.Kernels.Conv;

namespace Trellis.Operations;

/// <summary>Average pooling over (H, W) windows of an NHWC input. Gradient: <see cref="AvgPool2DGradOp"/>.</summary>
internal sealed class AvgPool2DOp(PoolParams p) : Op
{
    public PoolParams Params { get; } = p;
    public override string Name => "AvgPool2D";
    public override string AttributeText => Params.Text;

    public override TensorSpec InferOutput(ReadOnlySpan<TensorSpec> inputs) => Params.Infer(Name, inputs[0]);

    public override void Compute(ReadOnlySpan<Tensor> inputs, Tensor output)
    {
        Tensor x = inputs[0];
        var s = Params.Geometry(x.Shape);
        bool reference = KernelMode.UseReference;
        if (output.DType == DType.Float32)
        {
            if (reference) { PoolKernels.AvgReference(s, x.ReadSpan<float>(), output.Span<float>()); }
            else { PoolKernels.AvgFast(s, x.ReadSpan<float>(), output.Span<float>()); }
        }
        else
        {
            if (reference) { PoolKernels.AvgReference(s, x.ReadSpan<double>(), output.Span<double>()); }
            else { PoolKernels.AvgFast(s, x.ReadSpan<double>(), output.Span<double>()); }
        }
    }

    public override Tensor?[] Gradient(GradientContext g)
        => [OpDispatcher.Run(new AvgPool2DGradOp(Params, g.X.Shape[1], g.X.Shape[2]), g.Upstream)];
}
