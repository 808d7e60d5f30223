using Trellis.Internal;
using Trellis.Kernels.Losses;

namespace Trellis.Operations;

/// <summary>
/// Cross-entropy of targets against the softmax of logits over the last axis, fused (TensorFlow's
/// <c>softmax_cross_entropy_with_logits</c>). Inputs: logits and targets of one spec; output: one loss per row.
/// Gradient: d/dz = u·(Σy · softmax(z) − y), d/dy = −u·log_softmax(z).
/// </summary>
internal sealed class SoftmaxCrossEntropyOp : Op
{
    public static readonly SoftmaxCrossEntropyOp Instance = new();

    public override string Name => "SoftmaxCrossEntropy";

    public override TensorSpec InferOutput(ReadOnlySpan<TensorSpec> inputs)
    {
        if (inputs.Length != 2 || inputs[0] != inputs[1] || !inputs[0].DType.IsFloating() || inputs[0].Shape.Rank == 0)
        {
            ThrowHelper.OpInput(Name, "logits and targets of one floating spec of rank >= 1", inputs.ToArray());
        }
        return new TensorSpec(new Shape(inputs[0].Shape.Dims[..^1]), inputs[0].DType);
    }

    public override void Compute(ReadOnlySpan<Tensor> inputs, Tensor output)
    {
        int classes = inputs[0].Shape[^1];
        if (output.DType == DType.Float32)
        {
            SoftmaxCrossEntropyKernel.Forward(inputs[0].ReadSpan<float>(), inputs[1].ReadSpan<float>(), output.Span<float>(), classes);
        }
        else
        {
            SoftmaxCrossEntropyKernel.Forward(inputs[0].ReadSpan<double>(), inputs[1].ReadSpan<double>(), output.Span<double>(), classes);
        }
    }

    public override Tensor?[] Gradient(GradientContext g)
    {
        var logitsGradient = g.Needs(0) ? OpDispatcher.Run(SoftmaxCrossEntropyGradOp.Instance, g.X, g.Y, g.Upstream) : null;
        var targetsGradient = g.Needs(1) ? OpDispatcher.Run(SoftmaxCrossEntropyTargetsGradOp.Instance, g.X, g.Upstream) : null;
        return [logitsGradient, targetsGradient];
    }
}
