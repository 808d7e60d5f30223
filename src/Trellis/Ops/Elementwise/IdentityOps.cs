namespace Trellis.Operations;

/// <summary>Returns a copy of its input; gradient passes through.</summary>
internal sealed class IdentityOp : Op
{
    public static readonly IdentityOp Instance = new();
    public override string Name => "Identity";
    public override bool IsElementwise => true;
    public override TensorSpec InferOutput(ReadOnlySpan<TensorSpec> inputs) => inputs[0];
    public override void Compute(ReadOnlySpan<Tensor> inputs, Tensor output) => inputs[0].BytesView().CopyTo(output.BytesView());
    public override Tensor?[] Gradient(GradientContext g) => [g.Upstream];
}

/// <summary>Returns its input unchanged but lets no gradient through.</summary>
internal sealed class StopGradientOp : Op
{
    public static readonly StopGradientOp Instance = new();
    public override string Name => "StopGradient";
    public override bool IsElementwise => true;
    public override TensorSpec InferOutput(ReadOnlySpan<TensorSpec> inputs) => inputs[0];
    public override void Compute(ReadOnlySpan<Tensor> inputs, Tensor output) => inputs[0].BytesView().CopyTo(output.BytesView());
    public override Tensor?[] Gradient(GradientContext g) => [null];
}
