using Trellis.Activations;
using Trellis.Tracking;

namespace Trellis.Layers;

/// <summary>
/// One time step of a recurrent layer (Keras's <c>SimpleRNNCell</c>, <c>LSTMCell</c>, <c>GRUCell</c>): maps an input
/// (batch, features) and the previous states to an output (batch, units) and the new states.
/// </summary>
/// <remarks>
/// A cell is built for (batch, features) input; <see cref="RNN"/> builds it from its (batch, time, features) input and
/// calls <see cref="Step"/> once per time step. <see cref="Layer.Apply(Tensor, bool)"/> on a cell runs one step from
/// zero states.
/// </remarks>
public abstract class RecurrentCell : Layer
{
    private double _dropout;
    private double _recurrentDropout;
    private long? _seed;
    [TrackAs("seed_generator")] // Keras 3's name
    private SeedGenerator? _seedGenerator;

    // One dropout mask per sequence, reused at every step (Keras's DropoutRNNCell): (B, F) and (B, U), or null.
    [NotTracked]
    private Tensor? _inputMask;

    [NotTracked]
    private Tensor? _recurrentMask;

    /// <summary>Creates a cell.</summary>
    /// <param name="units">The output and state size.</param>
    /// <param name="activation">The Keras name of the output activation.</param>
    /// <param name="name">The layer name.</param>
    /// <param name="dtype">float32 or float64.</param>
    /// <exception cref="ArgumentException"><paramref name="units"/> is not positive or the activation name is unknown.</exception>
    protected RecurrentCell(int units, string? activation, string? name, DType dtype)
        : base(name, dtype)
    {
        if (units <= 0)
        {
            throw new ArgumentException($"{GetType().Name} expects a positive number of units, but received {units}.", nameof(units));
        }
        Units = units;
        ActivationName = activation ?? "linear";
        Activation = ActivationFunctions.Get(activation);
        InputSpec = new InputSpec(Rank: 2);
    }

    /// <summary>The output size (and the size of every state).</summary>
    public int Units { get; }

    /// <summary>The Keras name of the output activation (<c>tanh</c> by default).</summary>
    public string ActivationName { get; }

    /// <summary>The sizes of the states, in the order <see cref="Step"/> takes and returns them.</summary>
    public abstract IReadOnlyList<int> StateSizes { get; }

    /// <summary>The output activation.</summary>
    private protected Func<Tensor, Tensor> Activation { get; }

    /// <summary>The fraction of input features dropped during training, in [0, 1); one mask per sequence.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The rate is outside [0, 1).</exception>
    public double Dropout
    {
        get => _dropout;
        init => ConfigureDropout(value, _recurrentDropout, _seed);
    }

    /// <summary>The fraction of the recurrent state h dropped before the recurrent product during training, in [0, 1).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The rate is outside [0, 1).</exception>
    public double RecurrentDropout
    {
        get => _recurrentDropout;
        init => ConfigureDropout(_dropout, value, _seed);
    }

    /// <summary>The seed of the dropout masks; null draws one per cell.</summary>
    public long? Seed
    {
        get => _seed;
        init => ConfigureDropout(_dropout, _recurrentDropout, value);
    }

    /// <summary>Runs one time step, building the cell first if needed.</summary>
    /// <param name="inputs">The step's input, (batch, features).</param>
    /// <param name="states">The previous states, each (batch, size) as <see cref="StateSizes"/> says.</param>
    /// <param name="training">True during training.</param>
    /// <returns>The step's output (batch, units) and the new states.</returns>
    /// <exception cref="ArgumentException">The input is not rank 2 or the states do not match <see cref="StateSizes"/>.</exception>
    public RecurrentOutput Step(Tensor inputs, IReadOnlyList<Tensor> states, bool training = false)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(states);
        if (inputs.DType.IsFloating() && inputs.DType != DType)
        {
            inputs = Ops.Cast(inputs, DType);
        }
        InputSpec?.Check(this, inputs.Shape);
        EnsureBuilt(inputs.Shape);
        CheckStates(states, inputs.Shape[0]);
        BeginSequence(inputs.Shape[0], inputs.Shape[1], training);
        try
        {
            return StepCore(inputs, states, training);
        }
        finally
        {
            EndSequence();
        }
    }

    /// <summary>Zero states for a batch, one per <see cref="StateSizes"/> entry.</summary>
    /// <param name="batchSize">The batch size.</param>
    /// <returns>New tensors of shape (batchSize, size) in the cell's dtype.</returns>
    public Tensor[] ZeroStates(int batchSize)
    {
        var states = new Tensor[StateSizes.Count];
        for (int i = 0; i < states.Length; i++)
        {
            states[i] = Tensor.Zeros([batchSize, StateSizes[i]], DType);
        }
        return states;
    }

    /// <summary>The step computation, on a built cell with checked arguments.</summary>
    /// <param name="inputs">(batch, features) in the cell's dtype.</param>
    /// <param name="states">The previous states.</param>
    /// <param name="training">True during training.</param>
    /// <returns>The output and the new states.</returns>
    /// <remarks>The default projects the (dropped-out) input and continues with the state-dependent part.</remarks>
    protected virtual RecurrentOutput StepCore(Tensor inputs, IReadOnlyList<Tensor> states, bool training)
        => StepProjected(ProjectInputs(DropInputs(inputs)), states, training);

    /// <summary>The part of a step that does not depend on the state: x·kernel plus the input bias, (N, F) → (N, gates·units).</summary>
    // NOTE: projecting all steps with one MatMul and slicing the (B, T, gates·units) result per step is faster forward
    // but slower overall: each Slice's gradient is a full-size padded tensor, so the backward pass costs
    // O(T · B·T·G) instead of O(T · B·T·F). RNN slices the narrower input and projects per step until an unstack op
    // with a stack gradient exists.
    private protected abstract Tensor ProjectInputs(Tensor inputs);

    /// <summary>The rest of a step, from the projected input (batch, gates·units) and the previous states.</summary>
    private protected abstract RecurrentOutput StepProjected(Tensor projected, IReadOnlyList<Tensor> states, bool training);

    /// <inheritdoc/>
    protected override Tensor Call(Tensor inputs) => StepCore(inputs, ZeroStates(inputs.Shape[0]), training: false).Output;

    /// <inheritdoc/>
    public override Shape ComputeOutputShape(Shape inputShape) => inputShape.With(-1, Units);

    /// <summary>One step without the argument checks, for <see cref="RNN"/>'s loop (the cell is built and the states checked).</summary>
    internal RecurrentOutput StepForRnn(Tensor inputs, IReadOnlyList<Tensor> states, bool training) => StepCore(inputs, states, training);

    /// <summary>Sets the dropout options (the layers' constructors pass theirs to their cell).</summary>
    internal void ConfigureDropout(double dropout, double recurrentDropout, long? seed)
    {
        if (!(dropout >= 0 && dropout < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(dropout), dropout, $"{GetType().Name} expects a dropout rate in [0, 1).");
        }
        if (!(recurrentDropout >= 0 && recurrentDropout < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(recurrentDropout), recurrentDropout, $"{GetType().Name} expects a recurrent dropout rate in [0, 1).");
        }
        _dropout = dropout;
        _recurrentDropout = recurrentDropout;
        _seed = seed;
        _seedGenerator = dropout > 0 || recurrentDropout > 0 ? new SeedGenerator(seed) : null;
    }

    /// <summary>Draws this sequence's dropout masks (training only).</summary>
    internal void BeginSequence(int batch, int features, bool training)
    {
        _inputMask = training && _dropout > 0 ? DropoutMask(batch, features, _dropout) : null;
        _recurrentMask = training && _recurrentDropout > 0 ? DropoutMask(batch, Units, _recurrentDropout) : null;
    }

    /// <summary>Forgets the sequence's dropout masks.</summary>
    internal void EndSequence()
    {
        _inputMask = null;
        _recurrentMask = null;
    }

    /// <summary>The step input with this sequence's input dropout applied (unchanged outside training).</summary>
    private protected Tensor DropInputs(Tensor inputs) => _inputMask is null ? inputs : inputs * _inputMask;

    /// <summary>The previous h with this sequence's recurrent dropout applied (unchanged outside training).</summary>
    private protected Tensor DropState(Tensor h) => _recurrentMask is null ? h : h * _recurrentMask;

    /// <summary>Keep-mask scaled by 1 / (1 − rate), (batch, size), as the Dropout layer draws it.</summary>
    private Tensor DropoutMask(int batch, int size, double rate)
    {
        _seedGenerator ??= new SeedGenerator(_seed);
        return _seedGenerator.DropoutMask([batch, size], DType, rate);
    }

    /// <summary>An unbuilt copy with the same configuration and dropout options.</summary>
    internal RecurrentCell CloneWithDropout(string? name)
    {
        RecurrentCell clone = CloneUnbuilt(name);
        clone.ConfigureDropout(_dropout, _recurrentDropout, _seed);
        return clone;
    }

    /// <summary>A new unbuilt cell with the same configuration (for the backward half of <see cref="Bidirectional"/>).</summary>
    internal abstract RecurrentCell CloneUnbuilt(string? name);

    /// <summary>Throws unless the states match <see cref="StateSizes"/> for <paramref name="batchSize"/>.</summary>
    internal void CheckStates(IReadOnlyList<Tensor> states, int batchSize)
    {
        if (states.Count != StateSizes.Count)
        {
            throw new ArgumentException($"Layer '{Name}' expects {StateSizes.Count} state tensor(s) of sizes [{string.Join(", ", StateSizes)}], but received {states.Count}.", nameof(states));
        }
        for (int i = 0; i < states.Count; i++)
        {
            Shape s = states[i].Shape;
            if (s.Rank != 2 || s[1] != StateSizes[i] || (batchSize != Shape.Unknown && s[0] != batchSize))
            {
                throw new ArgumentException($"Layer '{Name}' expected state {i} of shape ({batchSize}, {StateSizes[i]}), but received {s}. Pass initial states shaped (batch, units).", nameof(states));
            }
        }
    }
}
