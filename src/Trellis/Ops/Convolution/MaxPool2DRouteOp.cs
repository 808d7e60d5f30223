using Trellis.Kernels.Conv;

namespace Trellis.Operations;

/// <summary>
/// Routes values through the arg-max positions of max pooling. Scatter (MaxPool2DGrad): inputs x and dy, output dx
/// (dy of each window added at its arg-max). Gather (MaxPool2DGradGrad): inputs x and a gradient shaped like x, output
/// shaped like y (the value at each window's arg-max). The two are adjoint, so each is the other's gradient; the arg-max
/// positions are piecewise constant in x, so no gradient flows to x.
/// </summary>
internal sealed class MaxPool2DRouteOp(PoolParams p, bool scatter) : Op
{
    public PoolParams Params { get; } = p;
    public bool Scatter { get; } = scatter;
    public override string Name => Scatter ? "MaxPool2DGrad" : "MaxPool2DGradGrad";
    public override string AttributeText => Params.Text;

    public static Tensor Run(PoolParams p, Tensor x, Tensor values, bool scatter) => OpDispatcher.Run(new MaxPool2DRouteOp(p, scatter), x, values);

    public override TensorSpec InferOutput(ReadOnlySpan<TensorSpec> inputs)
    {
        TensorSpec x = inputs[0], v = inputs[1];
        TensorSpec y = Params.Infer(Name, x);
        TensorSpec expected = Scatter ? y : x;
        if (v.DType != x.DType || !ConvParams.Compatible(expected.Shape, v.Shape))
        {
            Internal.ThrowHelper.OpInput(Name, $"values of shape {expected.Shape} and the input's dtype", x, v);
        }
        return Scatter ? x : y;
    }

    public override void Compute(ReadOnlySpan<Tensor> inputs, Tensor output)
    {
        Tensor x = inputs[0], v = inputs[1];
        var s = Params.Geometry(x.Shape);
        if (output.DType == DType.Float32)
        {
            PoolKernels.MaxRoute(s, x.ReadSpan<float>(), v.ReadSpan<float>(), output.Span<float>(), Scatter);
        }
        else
        {
            PoolKernels.MaxRoute(s, x.ReadSpan<double>(), v.ReadSpan<double>(), output.Span<double>(), Scatter);
        }
    }

    public override Tensor?[] Gradient(GradientContext g) => [null, Run(Params, g.X, g.Upstream, !Scatter)];
}
