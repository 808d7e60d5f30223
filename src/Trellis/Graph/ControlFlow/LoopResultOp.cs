using Trellis.Operations;

namespace Trellis.Graph.ControlFlow;

/// <summary>Reads value <paramref name="index"/> from a loop's token (<see cref="WhileOp"/> or <see cref="WhileGradientOp"/>).</summary>
internal sealed class LoopResultOp(int index, TensorSpec spec) : Op
{
    /// <summary>The gradient the token receives: a placeholder; the real upstream goes to <see cref="LoopGradients"/>.</summary>
    private static readonly Tensor Placeholder = Tensor.Scalar(0.0, DType.Float64);

    public override string Name => "LoopResult";
    public override string AttributeText => $"index={index}";
    public override object?[] ConstructorArguments => [index, spec];
    public override TensorSpec InferOutput(ReadOnlySpan<TensorSpec> inputs) => spec;
    public override Tensor Execute(ReadOnlySpan<Tensor> inputs, TensorSpec output) => ((LoopResults)inputs[0]).Values[index];

    public override void Compute(ReadOnlySpan<Tensor> inputs, Tensor output) =>
        ((LoopResults)inputs[0]).Values[index].BytesView().CopyTo(output.BytesView());

    public override Tensor?[] Gradient(GradientContext g)
    {
        if (!g.Output.IsSymbolic)
        {
            return [null]; // run on values, the loop's own iterations were recorded and carry the gradient
        }
        LoopGradients.Add(g.Inputs[0], index, g.Upstream);
        return [Placeholder];
    }
}
