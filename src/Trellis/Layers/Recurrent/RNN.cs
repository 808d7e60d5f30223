namespace Trellis.Layers;

/// <summary>
/// Runs a <see cref="RecurrentCell"/> over the time axis of (batch, time, features) inputs, as Keras <c>RNN</c>;
/// the base of <see cref="SimpleRNN"/>, <see cref="LSTM"/> and <see cref="GRU"/>.
/// </summary>
/// <remarks>
/// <para>Outputs: (batch, units) from the last processed step, or (batch, time, units) with
/// <see cref="ReturnSequences"/>. With <see cref="GoBackwards"/> the steps run from the last to the first and the
/// returned sequence is in processing order (reversed), as in Keras.</para>
/// <para>States: <see cref="Layer.Apply(Tensor, bool)"/> returns one tensor, so the states come from
/// <see cref="ApplyWithStates"/>, which also takes initial states. <see cref="ReturnState"/> is the Keras flag, kept
/// for configs and for wrappers; <c>ApplyWithStates(...).ToArray()</c> is Keras's <c>[output, *states]</c>.</para>
/// <para>Masking: a mask (batch, time) (bool, or numbers where nonzero means "keep") marks padded steps. On a masked
/// step the states are carried over unchanged and the output repeats the previous output (zeros with
/// <see cref="ZeroOutputForMask"/>), as Keras's backend <c>rnn</c> does.</para>
/// <para>The loop is unrolled in eager mode, one cell step per time step; the tape differentiates through it.
/// The only child is the cell, tracked as <c>cell</c> (checkpoint keys <c>.../cell/kernel</c>, as TensorFlow's).</para>
/// </remarks>
public class RNN : Layer, IMaskConsumer
{
    private readonly RecurrentCell _cell;

    /// <summary>Creates the layer.</summary>
    /// <param name="cell">The step computation; its weights become this layer's.</param>
    /// <param name="returnSequences">Return every step's output instead of the last one.</param>
    /// <param name="returnState">The Keras flag: the states are part of the result (see <see cref="ApplyWithStates"/>).</param>
    /// <param name="goBackwards">Process the time steps in reverse.</param>
    /// <param name="zeroOutputForMask">Masked steps output zeros instead of repeating the previous output.</param>
    /// <param name="inputShape">The input shape without the batch axis, (time, features), when this is a model's first layer.</param>
    /// <param name="name">The layer name; the snake_case class name with a counter by default.</param>
    /// <exception cref="ArgumentNullException"><paramref name="cell"/> is null.</exception>
    public RNN(RecurrentCell cell, bool returnSequences = false, bool returnState = false, bool goBackwards = false,
        bool zeroOutputForMask = false, Shape? inputShape = null, string? name = null)
        : base(name, (cell ?? throw new ArgumentNullException(nameof(cell))).DType)
    {
        _cell = cell;
        ReturnSequences = returnSequences;
        ReturnState = returnState;
        GoBackwards = goBackwards;
        ZeroOutputForMask = zeroOutputForMask;
        DeclaredInputShape = inputShape;
        InputSpec = new InputSpec(Rank: 3);
    }

    /// <summary>The cell run at every step.</summary>
    public RecurrentCell Cell => _cell;

    /// <summary>The output and state size.</summary>
    public int Units => _cell.Units;

    /// <summary>Whether the output has every step (batch, time, units) rather than the last (batch, units).</summary>
    public bool ReturnSequences { get; }

    /// <summary>The Keras <c>return_state</c> flag (states are read with <see cref="ApplyWithStates"/>).</summary>
    public bool ReturnState { get; }

    /// <summary>Whether the steps run from last to first.</summary>
    public bool GoBackwards { get; }

    /// <summary>Whether masked steps output zeros (true) or repeat the previous output (false, the Keras default).</summary>
    /// <remarks><see cref="Bidirectional"/> sets it to its <c>returnSequences</c>, as Keras does.</remarks>
    public bool ZeroOutputForMask { get; internal set; }

    /// <summary>Runs the layer with a mask of padded steps.</summary>
    /// <param name="inputs">(batch, time, features).</param>
    /// <param name="mask">(batch, time): true (or nonzero) for steps to process, false for padding; null for none.</param>
    /// <param name="training">True during training.</param>
    /// <returns>The output (see <see cref="ReturnSequences"/>).</returns>
    /// <exception cref="ArgumentException">The input is not rank 3, or the mask is not (batch, time).</exception>
    public Tensor Apply(Tensor inputs, Tensor? mask, bool training = false) => ApplyWithStates(inputs, null, mask, training).Output;

    /// <summary>Runs the layer from given initial states and returns the output with the final states.</summary>
    /// <param name="inputs">(batch, time, features).</param>
    /// <param name="initialStates">One tensor (batch, size) per <see cref="RecurrentCell.StateSizes"/> entry
    /// (<c>[h, c]</c> for LSTM); null for zeros.</param>
    /// <param name="mask">(batch, time): true (or nonzero) for steps to process, false for padding; null for none.</param>
    /// <param name="training">True during training.</param>
    /// <returns>The output and the states after the last processed step.</returns>
    /// <exception cref="ArgumentException">The input is not rank 3, the states do not match the cell, or the mask is not (batch, time).</exception>
    public virtual RecurrentOutput ApplyWithStates(Tensor inputs, IReadOnlyList<Tensor>? initialStates = null, Tensor? mask = null, bool training = false)
    {
        inputs = Prepare(inputs);
        return Run(inputs, initialStates, mask, training);
    }

    /// <inheritdoc/>
    protected override void Build(Shape inputShape)
    {
        int features = RecurrentShapes.KnownLastAxis(this, inputShape);
        _cell.EnsureBuilt([inputShape[0], features]);
        InputSpec = new InputSpec(Rank: 3, Axes: new Dictionary<int, int> { [-1] = features });
    }

    /// <inheritdoc/>
    protected override Tensor Call(Tensor inputs) => Run(inputs, null, null, training: false).Output;

    /// <inheritdoc/>
    protected override Tensor Call(Tensor inputs, bool training) => Run(inputs, null, null, training).Output;

    /// <inheritdoc/>
    public override Shape ComputeOutputShape(Shape inputShape) =>
        ReturnSequences ? new Shape(inputShape[0], inputShape[1], Units) : new Shape(inputShape[0], Units);

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var config = GetBaseConfig();
        config["cell"] = CellConfig.SerializeLayer(_cell);
        return config;
    }

    /// <summary>A new unbuilt layer of the same configuration (Bidirectional's backward half).</summary>
    internal virtual RNN CloneUnbuilt(string name, bool goBackwards) =>
        new(_cell.CloneWithDropout(null), ReturnSequences, ReturnState, goBackwards, ZeroOutputForMask, name: name);

    /// <summary>The Keras config of a concrete recurrent layer: this config without <c>cell</c>, plus the cell's own keys.</summary>
    private protected Dictionary<string, object?> ConfigWithCellKeys()
    {
        var config = GetBaseConfig();
        foreach (var (key, value) in _cell.GetConfig())
        {
            if (key is not ("name" or "trainable" or "dtype"))
            {
                config[key] = value;
            }
        }
        config["activity_regularizer"] = null;
        return config;
    }

    private Dictionary<string, object?> GetBaseConfig()
    {
        var config = base.GetConfig();
        config["return_sequences"] = ReturnSequences;
        config["return_state"] = ReturnState;
        config["go_backwards"] = GoBackwards;
        config["stateful"] = false;
        config["unroll"] = false;
        config["zero_output_for_mask"] = ZeroOutputForMask;
        return config;
    }

    /// <summary>What <see cref="Layer.Apply(Tensor, bool)"/> does before <c>Call</c>: cast, check, build.</summary>
    internal Tensor Prepare(Tensor inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        if (inputs.DType.IsFloating() && inputs.DType != DType)
        {
            inputs = Ops.Cast(inputs, DType);
        }
        InputSpec?.Check(this, inputs.Shape);
        EnsureBuilt(inputs.Shape);
        return inputs;
    }

    /// <summary>The time loop on a prepared (batch, time, features) input.</summary>
    internal RecurrentOutput Run(Tensor inputs, IReadOnlyList<Tensor>? initialStates, Tensor? mask, bool training)
    {
        int batch = inputs.Shape[0], steps = inputs.Shape[1], features = inputs.Shape[2];
        if (steps == 0)
        {
            throw new ArgumentException($"Layer '{Name}' needs at least one time step, but received input shape {inputs.Shape}.", nameof(inputs));
        }
        Tensor[] states = InitialStates(initialStates, batch);
        Tensor[]? keep = SplitMask(mask, batch, steps);                        // (B, 1) bool per step
        _cell.BeginSequence(batch, features, training);
        try
        {
            return Loop(inputs, states, keep, training);
        }
        finally
        {
            _cell.EndSequence();
        }
    }

    private RecurrentOutput Loop(Tensor inputs, Tensor[] states, Tensor[]? keep, bool training)
    {
        int batch = inputs.Shape[0], steps = inputs.Shape[1], features = inputs.Shape[2];
        Tensor[] xs = Ops.Split(inputs, steps, axis: 1);                      // (B, 1, F) per step
        var outputs = new List<Tensor>(steps);
        Tensor? previous = null;
        for (int k = 0; k < steps; k++)
        {
            int t = GoBackwards ? steps - 1 - k : k;
            Tensor x = Ops.Reshape(xs[t], [batch, features]);
            RecurrentOutput step = _cell.StepForRnn(x, states, training);
            Tensor output = step.Output;
            var next = step.States.ToArray();
            if (keep is not null)
            {
                Tensor fallback = ZeroOutputForMask || previous is null ? Ops.ZerosLike(output) : previous;
                output = Ops.Where(keep[t], output, fallback);
                for (int s = 0; s < next.Length; s++)
                {
                    next[s] = Ops.Where(keep[t], next[s], states[s]);
                }
            }
            outputs.Add(output);
            previous = output;
            states = next;
        }
        Tensor result = ReturnSequences ? Ops.Stack([.. outputs], axis: 1) : outputs[^1];
        return new RecurrentOutput(result, states);
    }

    private Tensor[] InitialStates(IReadOnlyList<Tensor>? initialStates, int batch)
    {
        if (initialStates is null)
        {
            return _cell.ZeroStates(batch);
        }
        var states = new Tensor[initialStates.Count];
        for (int i = 0; i < states.Length; i++)
        {
            Tensor s = initialStates[i] ?? throw new ArgumentException($"Layer '{Name}': initial state {i} is null.", nameof(initialStates));
            states[i] = s.DType == DType ? s : Ops.Cast(s, DType);
        }
        _cell.CheckStates(states, batch);
        return states;
    }

    private Tensor[]? SplitMask(Tensor? mask, int batch, int steps)
    {
        if (mask is null)
        {
            return null;
        }
        if (mask.Shape != new Shape(batch, steps))
        {
            throw new ArgumentException($"Layer '{Name}' expected a mask of shape ({batch}, {steps}) (batch, time), but received {mask.Shape}.", nameof(mask));
        }
        Tensor keep = mask.DType == Trellis.DType.Bool ? mask : Ops.NotEqual(mask, Tensor.Zeros([], mask.DType));
        return Ops.Split(keep, steps, axis: 1);                               // (B, 1) per step
    }
}
