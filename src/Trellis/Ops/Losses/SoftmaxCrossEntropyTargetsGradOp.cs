using Trellis.Internal;
using Trellis.Kernels.Losses;

namespace Trellis.Operations;

/// <summary>
/// The targets' gradient of <see cref="SoftmaxCrossEntropyOp"/> in one kernel: inputs logits z and the upstream
/// gradient u (one value per row); output −u·log_softmax(z), shaped as z.
/// </summary>
/// <remarks>
/// An op's gradient rule does not know which inputs a tape watches, so the eager backward computes this even for
/// constant targets (traced steps drop it as dead code): one pass instead of log-softmax, expand, multiply, negate.
/// </remarks>
internal sealed class SoftmaxCrossEntropyTargetsGradOp : Op
{
    public static readonly SoftmaxCrossEntropyTargetsGradOp Instance = new();

    public override string Name => "SoftmaxCrossEntropyTargetsGrad";

    public override TensorSpec InferOutput(ReadOnlySpan<TensorSpec> inputs)
    {
        if (inputs.Length != 2 || !inputs[0].DType.IsFloating() || inputs[0].Shape.Rank == 0
            || inputs[1].DType != inputs[0].DType || inputs[1].Shape != new Shape(inputs[0].Shape.Dims[..^1]))
        {
            ThrowHelper.OpInput(Name, "floating logits and an upstream gradient shaped as the logits without their last axis", inputs.ToArray());
        }
        return inputs[0];
    }

    public override void Compute(ReadOnlySpan<Tensor> inputs, Tensor output)
    {
        int classes = inputs[0].Shape[^1];
        if (output.DType == DType.Float32)
        {
            SoftmaxCrossEntropyBackwardKernel.Targets(inputs[0].ReadSpan<float>(), inputs[1].ReadSpan<float>(), output.Span<float>(), classes);
        }
        else
        {
            SoftmaxCrossEntropyBackwardKernel.Targets(inputs[0].ReadSpan<double>(), inputs[1].ReadSpan<double>(), output.Span<double>(), classes);
        }
    }

    /// <summary>With g the upstream of this output: d/dz = −u·(g − softmax(z)·Σg), d/du = −Σ g ⊙ log_softmax(z).</summary>
    public override Tensor?[] Gradient(GradientContext g)
    {
        Tensor z = g.Inputs[0], u = Ops.ExpandDims(g.Inputs[1], -1), up = g.Upstream;
        Tensor dz = -(u * (up - Ops.Softmax(z) * Ops.Sum(up, [-1], keepDims: true)));
        Tensor du = -Ops.Sum(up * Ops.LogSoftmax(z), [-1]);
        return [dz, du];
    }
}
