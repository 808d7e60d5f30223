using Trellis.Tracking;

namespace Trellis.Layers;

/// <summary>
/// Runs a recurrent layer forward and a copy of it backward over the same sequence and merges the two outputs, as
/// Keras <c>Bidirectional</c>.
/// </summary>
/// <remarks>
/// <para>The given layer is the forward half; the backward half is a new layer of the same configuration with
/// <c>goBackwards</c> flipped, named <c>backward_&lt;name&gt;</c> (or the <c>backwardLayer</c> given). With
/// <c>returnSequences</c> the backward outputs are reversed back to input order before merging, so step t of the
/// result sees the whole sequence.</para>
/// <para>Merge modes: <c>concat</c> (last axis 2 units), <c>sum</c>, <c>mul</c>, <c>ave</c>. States from
/// <see cref="ApplyWithStates"/> are the forward states then the backward states; initial states are given the same
/// way. Children are tracked as <c>forward_layer</c> and <c>backward_layer</c>, as in TensorFlow checkpoints.</para>
/// </remarks>
public sealed class Bidirectional : Layer, IMaskConsumer
{
    private static readonly string[] s_modes = ["concat", "sum", "mul", "ave"];

    [TrackAs("forward_layer")]
    private readonly RNN _forwardLayer;

    [TrackAs("backward_layer")]
    private readonly RNN _backwardLayer;

    private readonly bool _explicitBackward;

    /// <summary>Creates the wrapper.</summary>
    /// <param name="layer">The recurrent layer run forward (it becomes the forward half).</param>
    /// <param name="mergeMode">How to combine the halves: <c>concat</c>, <c>sum</c>, <c>mul</c> or <c>ave</c>.</param>
    /// <param name="backwardLayer">The backward half, or null to copy <paramref name="layer"/>'s configuration.</param>
    /// <param name="inputShape">The input shape without the batch axis, (time, features), when this is a model's first layer.</param>
    /// <param name="name">The layer name; <c>bidirectional</c>... by default.</param>
    /// <exception cref="ArgumentException">The merge mode is unknown, or the backward layer does not mirror the forward one.</exception>
    public Bidirectional(RNN layer, string mergeMode = "concat", RNN? backwardLayer = null, Shape? inputShape = null, string? name = null)
        : base(name, (layer ?? throw new ArgumentNullException(nameof(layer))).DType)
    {
        if (Array.IndexOf(s_modes, mergeMode) < 0)
        {
            throw new ArgumentException($"Bidirectional: unknown mergeMode '{mergeMode}'. Expected one of: {string.Join(", ", s_modes)}.", nameof(mergeMode));
        }
        if (backwardLayer is not null && (backwardLayer.GoBackwards == layer.GoBackwards || backwardLayer.ReturnSequences != layer.ReturnSequences
            || backwardLayer.ReturnState != layer.ReturnState || backwardLayer.Units != layer.Units))
        {
            throw new ArgumentException(
                $"Bidirectional: the backward layer '{backwardLayer.Name}' must have the same units, returnSequences and returnState as '{layer.Name}' " +
                $"and the opposite goBackwards, but received units {backwardLayer.Units} vs {layer.Units}, returnSequences {backwardLayer.ReturnSequences} vs {layer.ReturnSequences}, " +
                $"returnState {backwardLayer.ReturnState} vs {layer.ReturnState}, goBackwards {backwardLayer.GoBackwards} vs {layer.GoBackwards}.", nameof(backwardLayer));
        }
        MergeMode = mergeMode;
        _forwardLayer = layer;
        _explicitBackward = backwardLayer is not null;
        _backwardLayer = backwardLayer ?? layer.CloneUnbuilt("backward_" + layer.Name, !layer.GoBackwards);
        // As Keras: with whole sequences returned, a masked step outputs zeros rather than the previous output.
        _forwardLayer.ZeroOutputForMask = layer.ReturnSequences;
        _backwardLayer.ZeroOutputForMask = layer.ReturnSequences;
        DeclaredInputShape = inputShape;
        InputSpec = new InputSpec(Rank: 3);
    }

    /// <summary>The merge mode: <c>concat</c>, <c>sum</c>, <c>mul</c> or <c>ave</c>.</summary>
    public string MergeMode { get; }

    /// <summary>The forward half.</summary>
    public RNN ForwardLayer => _forwardLayer;

    /// <summary>The backward half.</summary>
    public RNN BackwardLayer => _backwardLayer;

    /// <summary>Whether the output has every step (from the wrapped layer).</summary>
    public bool ReturnSequences => _forwardLayer.ReturnSequences;

    /// <summary>The Keras <c>return_state</c> flag (from the wrapped layer).</summary>
    public bool ReturnState => _forwardLayer.ReturnState;

    /// <summary>Runs both halves with a mask of padded steps.</summary>
    /// <param name="inputs">(batch, time, features).</param>
    /// <param name="mask">(batch, time): true (or nonzero) for steps to process; null for none.</param>
    /// <param name="training">True during training.</param>
    /// <returns>The merged output.</returns>
    /// <exception cref="ArgumentException">The input is not rank 3 or the mask is not (batch, time).</exception>
    public Tensor Apply(Tensor inputs, Tensor? mask, bool training = false) => ApplyWithStates(inputs, null, mask, training).Output;

    /// <summary>Runs both halves and returns the merged output with the forward then the backward final states.</summary>
    /// <param name="inputs">(batch, time, features).</param>
    /// <param name="initialStates">The forward initial states then the backward ones; null for zeros.</param>
    /// <param name="mask">(batch, time): true (or nonzero) for steps to process; null for none.</param>
    /// <param name="training">True during training.</param>
    /// <returns>The merged output and the states of both halves.</returns>
    /// <exception cref="ArgumentException">The input, states or mask have the wrong shape or count.</exception>
    public RecurrentOutput ApplyWithStates(Tensor inputs, IReadOnlyList<Tensor>? initialStates = null, Tensor? mask = null, bool training = false)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        if (inputs.DType.IsFloating() && inputs.DType != DType)
        {
            inputs = Ops.Cast(inputs, DType);
        }
        InputSpec?.Check(this, inputs.Shape);
        EnsureBuilt(inputs.Shape);
        return Run(inputs, initialStates, mask, training);
    }

    /// <inheritdoc/>
    protected override void Build(Shape inputShape)
    {
        _forwardLayer.EnsureBuilt(inputShape);
        _backwardLayer.EnsureBuilt(inputShape);
    }

    /// <inheritdoc/>
    protected override Tensor Call(Tensor inputs) => Run(inputs, null, null, training: false).Output;

    /// <inheritdoc/>
    protected override Tensor Call(Tensor inputs, bool training) => Run(inputs, null, null, training).Output;

    /// <inheritdoc/>
    public override Shape ComputeOutputShape(Shape inputShape)
    {
        Shape half = _forwardLayer.ComputeOutputShape(inputShape);
        return MergeMode == "concat" ? half.With(-1, 2 * half[^1]) : half;
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["layer"] = CellConfig.SerializeLayer(_forwardLayer);
        config["merge_mode"] = MergeMode;
        if (_explicitBackward)
        {
            config["backward_layer"] = CellConfig.SerializeLayer(_backwardLayer);
        }
        return config;
    }

    private RecurrentOutput Run(Tensor inputs, IReadOnlyList<Tensor>? initialStates, Tensor? mask, bool training)
    {
        IReadOnlyList<Tensor>? forwardStates = null, backwardStates = null;
        if (initialStates is not null)
        {
            int half = _forwardLayer.Cell.StateSizes.Count;
            if (initialStates.Count != 2 * half)
            {
                throw new ArgumentException($"Layer '{Name}' expects {2 * half} initial states (forward then backward), but received {initialStates.Count}.", nameof(initialStates));
            }
            forwardStates = initialStates.Take(half).ToArray();
            backwardStates = initialStates.Skip(half).ToArray();
        }
        RecurrentOutput forward = _forwardLayer.Run(inputs, forwardStates, mask, training);
        RecurrentOutput backward = _backwardLayer.Run(inputs, backwardStates, mask, training);
        Tensor y = forward.Output, yReversed = backward.Output;
        if (ReturnSequences)
        {
            int steps = inputs.Shape[1];
            var order = new int[steps];
            for (int t = 0; t < steps; t++)
            {
                order[t] = steps - 1 - t;
            }
            yReversed = Ops.Gather(yReversed, Tensor.Constant(order, [steps]), axis: 1);
        }
        Tensor merged = MergeMode switch
        {
            "concat" => Ops.Concat([y, yReversed], axis: -1),
            "sum" => y + yReversed,
            "mul" => y * yReversed,
            _ => (y + yReversed) * 0.5,
        };
        return new RecurrentOutput(merged, [.. forward.States, .. backward.States]);
    }
}
