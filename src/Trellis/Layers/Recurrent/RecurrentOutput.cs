namespace Trellis.Layers;

/// <summary>What a recurrent layer or cell returns: its output and its final states.</summary>
/// <param name="Output">
/// The output: (batch, units) for the last step, or (batch, time, units) for a layer with <c>returnSequences</c>.
/// </param>
/// <param name="States">
/// The final states, each (batch, stateSize): <c>[h]</c> for SimpleRNN and GRU, <c>[h, c]</c> for LSTM, the forward
/// states then the backward states for <see cref="Bidirectional"/>.
/// </param>
public sealed record RecurrentOutput(Tensor Output, IReadOnlyList<Tensor> States)
{
    /// <summary>Keras's <c>return_state=True</c> list: the output, then every state.</summary>
    /// <returns>A new array of 1 + <see cref="States"/>.Count tensors.</returns>
    public Tensor[] ToArray() => [Output, .. States];
}
