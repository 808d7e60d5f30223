using Trellis.Kernels.Conv;

namespace Trellis.Operations;

/// <summary>Max pooling over (H, W) windows of an NHWC input; padded positions never win. Gradient: <see cref="MaxPool2DRouteOp"/>.</summary>
internal sealed class MaxPool2DOp(PoolParams p) : Op
{
    public PoolParams Params { get; } = p;
    public override string Name => "MaxPool2D";
    public override string AttributeText => Params.Text;

    public override TensorSpec InferOutput(ReadOnlySpan<TensorSpec> inputs) => Params.Infer(Name, inputs[0]);

    public override void Compute(ReadOnlySpan<Tensor> inputs, Tensor output)
    {
        Tensor x = inputs[0];
        var s = Params.Geometry(x.Shape);
        bool reference = KernelMode.UseReference;
        if (output.DType == DType.Float32)
        {
            if (reference) { PoolKernels.MaxReference(s, x.ReadSpan<float>(), output.Span<float>()); }
            else { PoolKernels.MaxFast(s, x.ReadSpan<float>(), output.Span<float>()); }
        }
        else
        {
            if (reference) { PoolKernels.MaxReference(s, x.ReadSpan<double>(), output.Span<double>()); }
            else { PoolKernels.MaxFast(s, x.ReadSpan<double>(), output.Span<double>()); }
        }
    }

    public override Tensor?[] Gradient(GradientContext g) => [MaxPool2DRouteOp.Run(Params, g.X, g.Upstream, scatter: true)];
}
