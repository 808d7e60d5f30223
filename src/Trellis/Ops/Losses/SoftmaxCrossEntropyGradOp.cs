using Trellis.Internal;
using Trellis.Kernels.Losses;

namespace Trellis.Operations;

/// <summary>
/// The logits' gradient of <see cref="SoftmaxCrossEntropyOp"/> in one kernel: inputs logits z and targets y (one
/// spec) and the upstream gradient u (one value per row); output u·(Σy · softmax(z) − y), shaped as z.
/// </summary>
/// <remarks>
/// PERF: as separate ops (expand, sum, softmax, multiply, subtract, multiply) the eager backward of 1024 rows of 10
/// classes made six passes and six outputs; this is one pass per row.
/// </remarks>
internal sealed class SoftmaxCrossEntropyGradOp : Op
{
    public static readonly SoftmaxCrossEntropyGradOp Instance = new();

    public override string Name => "SoftmaxCrossEntropyGrad";

    public override TensorSpec InferOutput(ReadOnlySpan<TensorSpec> inputs)
    {
        if (inputs.Length != 3 || inputs[0] != inputs[1] || !inputs[0].DType.IsFloating() || inputs[0].Shape.Rank == 0
            || inputs[2].DType != inputs[0].DType || inputs[2].Shape != new Shape(inputs[0].Shape.Dims[..^1]))
        {
            ThrowHelper.OpInput(Name, "logits and targets of one floating spec and an upstream gradient shaped as the logits without their last axis", inputs.ToArray());
        }
        return inputs[0];
    }

    public override void Compute(ReadOnlySpan<Tensor> inputs, Tensor output)
    {
        int classes = inputs[0].Shape[^1];
        if (output.DType == DType.Float32)
        {
            SoftmaxCrossEntropyBackwardKernel.Run(inputs[0].ReadSpan<float>(), inputs[1].ReadSpan<float>(), inputs[2].ReadSpan<float>(), output.Span<float>(), classes);
        }
        else
        {
            SoftmaxCrossEntropyBackwardKernel.Run(inputs[0].ReadSpan<double>(), inputs[1].ReadSpan<double>(), inputs[2].ReadSpan<double>(), output.Span<double>(), classes);
        }
    }

    /// <summary>
    /// With p = softmax(z), s = Σy and g the upstream of this output: d/dz = u·s·p ⊙ (g − Σ g⊙p), d/dy = u·(Σ g⊙p − g),
    /// d/du = Σ g ⊙ (s·p − y), sums over the last axis.
    /// </summary>
    public override Tensor?[] Gradient(GradientContext g)
    {
        Tensor z = g.Inputs[0], y = g.Inputs[1], u = Ops.ExpandDims(g.Inputs[2], -1), up = g.Upstream;
        Tensor p = Ops.Softmax(z), s = Ops.Sum(y, [-1], keepDims: true);
        Tensor gp = Ops.Sum(up * p, [-1], keepDims: true);
        Tensor dz = u * s * p * (up - gp);
        Tensor dy = u * (gp - up);
        Tensor du = Ops.Sum(up * (s * p - y), [-1]);
        return [dz, dy, du];
    }
}
