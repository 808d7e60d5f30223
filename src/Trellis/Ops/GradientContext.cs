namespace Trellis.Operations;

/// <summary>What a gradient rule sees: the op's inputs, its output and the upstream gradient dL/d(output).</summary>
/// <param name="Inputs">The op's inputs, as recorded.</param>
/// <param name="Output">The op's output.</param>
/// <param name="Upstream">dL/d(output), same shape as <paramref name="Output"/>.</param>
internal sealed record GradientContext(Tensor[] Inputs, Tensor Output, Tensor Upstream)
{
    /// <summary>Shorthand for input 0.</summary>
    public Tensor X => Inputs[0];

    /// <summary>Shorthand for input 1.</summary>
    public Tensor Y => Inputs[1];
}
