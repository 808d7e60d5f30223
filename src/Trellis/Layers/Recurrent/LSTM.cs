using Trellis.Regularizers;

namespace Trellis.Layers;

/// <summary>A long short-term memory layer (Hochreiter and Schmidhuber, 1997), as Keras <c>LSTM</c>: gates i, f, c, o.</summary>
/// <remarks>
/// A <see cref="RNN"/> over a <see cref="LSTMCell"/> (see there for the weight layout and the math), whose weights are
/// <c>kernel</c>, <c>recurrent_kernel</c> and <c>bias</c> under the child <c>cell</c>. Outputs, states, masking and
/// direction are described on <see cref="RNN"/>.
/// </remarks>
public sealed class LSTM : RNN
{
    /// <summary>Creates the layer.</summary>
    /// <param name="units">The output and state size.</param>
    /// <param name="activation">Activation of the candidate and the output (<c>tanh</c>).</param>
    /// <param name="recurrentActivation">Activation of the gates (<c>sigmoid</c>).</param>
    /// <param name="unitForgetBias">Whether the forget block of the bias starts at one.</param>
    /// <param name="useBias">Whether to add biases.</param>
    /// <param name="kernelInitializer">Initializer of <c>kernel</c>.</param>
    /// <param name="recurrentInitializer">Initializer of <c>recurrent_kernel</c>.</param>
    /// <param name="biasInitializer">Initializer of <c>bias</c>.</param>
    /// <param name="kernelRegularizer">Penalty on <c>kernel</c>, or null.</param>
    /// <param name="recurrentRegularizer">Penalty on <c>recurrent_kernel</c>, or null.</param>
    /// <param name="biasRegularizer">Penalty on <c>bias</c>, or null.</param>
    /// <param name="dropout">Fraction of the input features dropped during training (one mask per sequence).</param>
    /// <param name="recurrentDropout">Fraction of the state h dropped before the recurrent product during training.</param>
    /// <param name="seed">Seed of the dropout masks; null draws one.</param>
    /// <param name="returnSequences">Return every step's output (batch, time, units) instead of the last (batch, units).</param>
    /// <param name="returnState">The Keras flag: the states are part of the result (see <see cref="RNN.ApplyWithStates"/>).</param>
    /// <param name="goBackwards">Process the time steps in reverse.</param>
    /// <param name="inputShape">The input shape without the batch axis, (time, features), when this is a model's first layer.</param>
    /// <param name="name">The layer name.</param>
    /// <param name="dtype">float32 or float64.</param>
    /// <exception cref="ArgumentException"><paramref name="units"/> is not positive, or a name is unknown.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A dropout rate is outside [0, 1).</exception>
    public LSTM(int units, string? activation = "tanh", string? recurrentActivation = "sigmoid", bool unitForgetBias = true, bool useBias = true, string kernelInitializer = "glorot_uniform",
        string recurrentInitializer = "orthogonal", string biasInitializer = "zeros", IRegularizer? kernelRegularizer = null,
        IRegularizer? recurrentRegularizer = null, IRegularizer? biasRegularizer = null, double dropout = 0, double recurrentDropout = 0, long? seed = null,
        bool returnSequences = false, bool returnState = false,
        bool goBackwards = false, Shape? inputShape = null, string? name = null, DType dtype = DType.Float32)
        : base(new LSTMCell(units, activation, recurrentActivation, unitForgetBias: unitForgetBias, useBias: useBias, kernelInitializer: kernelInitializer,
            recurrentInitializer: recurrentInitializer, biasInitializer: biasInitializer, kernelRegularizer: kernelRegularizer,
            recurrentRegularizer: recurrentRegularizer, biasRegularizer: biasRegularizer, name: "lstm_cell", dtype: dtype),
            returnSequences, returnState, goBackwards, zeroOutputForMask: false, inputShape, name)
    {
        Cell.ConfigureDropout(dropout, recurrentDropout, seed);
    }

    private LSTM(LSTMCell cell, bool returnSequences, bool returnState, bool goBackwards, bool zeroOutputForMask, string name)
        : base(cell, returnSequences, returnState, goBackwards, zeroOutputForMask, name: name)
    {
    }

    /// <summary>The cell, with the weights.</summary>
    public new LSTMCell Cell => (LSTMCell)base.Cell;

    /// <summary>The kernel; null before building.</summary>
    public Variable? Kernel => Cell.Kernel;

    /// <summary>The recurrent kernel; null before building.</summary>
    public Variable? RecurrentKernel => Cell.RecurrentKernel;

    /// <summary>The bias; null before building or without bias.</summary>
    public Variable? Bias => Cell.Bias;

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() => ConfigWithCellKeys();

    internal override RNN CloneUnbuilt(string name, bool goBackwards) =>
        new LSTM((LSTMCell)Cell.CloneWithDropout("lstm_cell"), ReturnSequences, ReturnState, goBackwards, ZeroOutputForMask, name);
}
