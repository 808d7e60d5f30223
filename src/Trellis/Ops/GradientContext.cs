namespace Trellis.Operations;

/// <summary>What a gradient rule sees: the op's inputs, its output and the upstream gradient dL/d(output).</summary>
/// <param name="Inputs">The op's inputs, as recorded.</param>
/// <param name="Output">The op's output.</param>
/// <param name="Upstream">dL/d(output), same shape as <paramref name="Output"/>.</param>
/// <param name="Needed">Which inputs' gradients anyone will use (null: all of them); see <see cref="Needs"/>.</param>
internal sealed record GradientContext(Tensor[] Inputs, Tensor Output, Tensor Upstream, bool[]? Needed = null)
{
    /// <summary>
    /// False when nobody will use input <paramref name="input"/>'s gradient (the tape does not track that input, or
    /// it is not floating): a rule may then return null for it instead of computing it. Rules that ignore this stay
    /// correct; they only do work that is thrown away.
    /// </summary>
    public bool Needs(int input) => Needed is null || Needed[input];

    /// <summary>Shorthand for input 0.</summary>
    public Tensor X => Inputs[0];

    /// <summary>Shorthand for input 1.</summary>
    public Tensor Y => Inputs[1];
}
