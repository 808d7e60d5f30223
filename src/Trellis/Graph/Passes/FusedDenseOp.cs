using Trellis.Operations;

namespace Trellis.Graph.Passes;

/// <summary>
/// activation(x·W + b) as one op (see <see cref="MatMulOp.ComputeWithBiasActivation"/>: bias and activation are
/// applied to each block of the output while it is in cache). Inputs: x (…, K), W (K, N) (with the MatMul's
/// transpose flags), b (N). The fusion pass only fuses element-wise activations (IElementwiseStep).
/// </summary>
internal sealed class FusedDenseOp(MatMulOp matMul, Op? activation) : Op
{
    public MatMulOp MatMul { get; } = matMul;

    /// <summary>The element-wise activation applied last, or null for none.</summary>
    public Op? Activation { get; } = activation;

    public override string Name => "FusedDense";
    public override string AttributeText => $"{MatMul.AttributeText}, activation={Activation?.ToString() ?? "none"}";

    public override TensorSpec InferOutput(ReadOnlySpan<TensorSpec> inputs) => MatMul.InferOutput(inputs[..2]);

    public override void Compute(ReadOnlySpan<Tensor> inputs, Tensor output) =>
        MatMul.ComputeWithBiasActivation(inputs[..2], inputs[2], (IElementwiseStep?)Activation, output);

    /// <summary>
    /// The three rules chained: activation, bias add, matmul. relu, sigmoid, tanh (and none) take their gradient from
    /// the output; other activations recompute the pre-activation.
    /// </summary>
    public override Tensor?[] Gradient(GradientContext g)
    {
        Tensor x = g.Inputs[0], w = g.Inputs[1], b = g.Inputs[2], y = g.Output, dy = g.Upstream;
        Tensor dz = Activation switch
        {
            null => dy,
            ReluOp => dy * Ops.Cast(Ops.Greater(y, Ops.ZerosLike(y)), y.DType),
            SigmoidOp => dy * y * (1 - y),
            TanhOp => dy * (1 - Ops.Square(y)),
            _ => Activation.Gradient(new GradientContext([Ops.Add(OpDispatcher.Run(MatMul, x, w), b)], y, dy))[0]!,
        };
        // The matmul output is only needed for its shape by the rules below, so dz (same shape) stands in for it.
        Tensor?[] mm = MatMul.Gradient(new GradientContext([x, w], dz, dz, [g.Needs(0), g.Needs(1)]));
        return [mm[0], mm[1], g.Needs(2) ? Ops.SumToShape(dz, b.Shape) : null];
    }
}
