using Trellis.Layers;
using Trellis.Tracking;

namespace Trellis.Models;

/// <summary>
/// A model defined as a graph of layer calls on symbolic tensors (Keras functional API): several inputs and outputs,
/// shared layers (one layer called twice has one set of weights) and nested models.
/// </summary>
/// <remarks>
/// <code>
/// KerasTensor inputs = Functional.Input([784], name: "pixels");
/// KerasTensor h = new Dense(64, activation: "relu").Apply(inputs);
/// KerasTensor outputs = new Dense(10, activation: "softmax").Apply(h);
/// var model = new Functional(inputs, outputs, name: "mlp");
/// </code>
/// <para>Tracked children, named exactly as tf.keras 2 names them for a functional model so TensorFlow checkpoints
/// restore into it: <c>layer-N</c> for the N-th layer of <see cref="Model.Layers"/> (input layers included, so the
/// first input is <c>layer-0</c>) and <c>layer_with_weights-M</c> for the M-th layer that has weights, plus
/// <c>optimizer</c> once compiled. The order is tf.keras 2's: layers by decreasing depth from the outputs, ties in the
/// order a depth-first walk from the outputs meets them.</para>
/// </remarks>
public partial class Functional : Model
{
    [NotTracked]
    private readonly KerasTensor[] _inputs;

    [NotTracked]
    private readonly KerasTensor[] _outputs;

    [NotTracked]
    private readonly FunctionalGraph _graph;

    /// <summary>Creates a model with one input and one output.</summary>
    /// <param name="inputs">A tensor from <see cref="Input"/>.</param>
    /// <param name="outputs">A tensor computed from it by layer calls.</param>
    /// <param name="name">The model name; <c>functional</c>, <c>functional_1</c>... by default.</param>
    /// <exception cref="ArgumentException">The output does not depend only on the input, or two layers share a name.</exception>
    public Functional(KerasTensor inputs, KerasTensor outputs, string? name = null)
        : this([inputs], [outputs], name)
    {
    }

    /// <summary>Creates a model with several inputs and outputs.</summary>
    /// <param name="inputs">Tensors from <see cref="Input"/>, in the order data is passed.</param>
    /// <param name="outputs">Tensors computed from them, in the order results are returned.</param>
    /// <param name="name">The model name; <c>functional</c>, <c>functional_1</c>... by default.</param>
    /// <exception cref="ArgumentException">An input is not from <see cref="Input"/>, an output cannot be computed from the inputs
    /// (the message names the layer and the missing input), or two layers share a name.</exception>
    public Functional(IReadOnlyList<KerasTensor> inputs, IReadOnlyList<KerasTensor> outputs, string? name = null)
        : base(name, FirstInputDType(inputs))
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(outputs);
        if (inputs.Count == 0 || outputs.Count == 0)
        {
            throw new ArgumentException($"Model '{Name}' needs at least one input and one output, but received {inputs.Count} inputs and {outputs.Count} outputs.", nameof(inputs));
        }
        if (inputs.Any(t => t is null) || outputs.Any(t => t is null))
        {
            throw new ArgumentException($"Model '{Name}': inputs and outputs must not contain null.", nameof(inputs));
        }
        if (inputs.Distinct(ReferenceEqualityComparer.Instance).Count() != inputs.Count)
        {
            throw new ArgumentException($"Model '{Name}': the same input tensor is listed twice; list each input once.", nameof(inputs));
        }
        _inputs = [.. inputs];
        _outputs = [.. outputs];
        _graph = FunctionalGraph.Map(_inputs, _outputs, Name);
        // A functional model owns no weights: its layers were built when they were called on the inputs.
        EnsureBuilt(_inputs[0].Shape);
        OutputNames = UniqueOutputNames(_outputs);
    }

    /// <summary>Creates a symbolic input (Keras <c>keras.Input</c>): the start of a functional model.</summary>
    /// <param name="shape">The shape of one sample, without the batch axis (-1 for an unknown size).</param>
    /// <param name="name">The input's name (its <see cref="InputLayer"/>'s); <c>input_layer</c>, <c>input_layer_1</c>... by default.</param>
    /// <param name="dtype">float32 or float64.</param>
    /// <returns>A symbolic tensor of shape (-1, ...shape).</returns>
    public static KerasTensor Input(Shape shape, string? name = null, DType dtype = DType.Float32)
        => InputOf(new InputLayer(shape, name, dtype));

    /// <summary>The symbolic input of an existing <see cref="InputLayer"/> (one per layer).</summary>
    internal static KerasTensor InputOf(InputLayer layer)
    {
        if (layer.InboundNodes.Count > 0)
        {
            return layer.InboundNodes[0].Outputs[0];
        }
        var node = layer.AddNode([], NodeCallStyle.Input);
        node.AddOutput([Shape.Unknown, .. layer.DeclaredInputShape!.Value.ToArray()], layer.DType);
        return node.Outputs[0];
    }

    /// <summary>The symbolic inputs, in the order data is passed.</summary>
    public IReadOnlyList<KerasTensor> Inputs => _inputs;

    /// <summary>The symbolic outputs, in the order results are returned.</summary>
    public IReadOnlyList<KerasTensor> Outputs => _outputs;

    /// <summary>The names of the inputs (their input layers' names).</summary>
    public IReadOnlyList<string> InputNames => [.. _inputs.Select(t => t.Layer.Name)];

    /// <summary>The names of the outputs (their layers' names, made unique with <c>_1</c>... as Keras does): the prefixes of per-output logs.</summary>
    public IReadOnlyList<string> OutputNames { get; }

    /// <summary>All layers, input layers included, in tf.keras 2's order (which decides the <c>layer-N</c> names).</summary>
    public override IReadOnlyList<Layer> Layers => _graph.Layers;

    /// <inheritdoc/>
    public override IReadOnlyList<Layer> SubLayers => _graph.Layers;

    /// <summary>The model's layer calls in running order.</summary>
    internal FunctionalGraph Graph => _graph;

    /// <summary>Runs the model on one tensor per input.</summary>
    /// <param name="inputs">One batch per input, in the order of <see cref="Inputs"/>.</param>
    /// <param name="training">Training mode (Dropout, BatchNormalization).</param>
    /// <returns>One tensor per output, in the order of <see cref="Outputs"/>.</returns>
    /// <exception cref="ArgumentException">The number of inputs or a shape differs from the model's inputs (the message names the input).</exception>
    public IReadOnlyList<Tensor> Apply(IReadOnlyList<Tensor> inputs, bool training = false)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        return Run(inputs, training);
    }

    /// <summary>Calls the model on symbolic tensors (a nested model inside another functional model), returning every output.</summary>
    /// <param name="inputs">One symbolic tensor per input.</param>
    /// <returns>One symbolic tensor per output.</returns>
    /// <exception cref="ArgumentException">The number of inputs or a shape differs from the model's inputs.</exception>
    public IReadOnlyList<KerasTensor> Apply(IReadOnlyList<KerasTensor> inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        return ApplySymbolic(inputs, NodeCallStyle.List);
    }

    internal override bool HasSingleInputAndOutput => _inputs.Length == 1 && _outputs.Length == 1;

    /// <inheritdoc/>
    protected override Tensor Call(Tensor inputs) => Call(inputs, training: false);

    /// <inheritdoc/>
    protected override Tensor Call(Tensor inputs, bool training)
    {
        if (_inputs.Length != 1 || _outputs.Length != 1)
        {
            throw new InvalidOperationException(
                $"Model '{Name}' has {_inputs.Length} inputs and {_outputs.Length} outputs: call it with a list, model.Apply([x1, x2]), which returns every output " +
                "(and train it with lists too: Fit([x1, x2], [y1, y2]), Evaluate, Predict).");
        }
        return Run([inputs], training)[0];
    }

    /// <inheritdoc/>
    public override Shape ComputeOutputShape(Shape inputShape)
    {
        var outputs = InferOutputs([inputShape], NodeCallStyle.Single);
        return outputs[0].Shape;
    }

    /// <inheritdoc/>
    internal override IReadOnlyList<(Shape Shape, DType DType)> InferOutputs(IReadOnlyList<Shape> inputShapes, NodeCallStyle style)
    {
        if (style == NodeCallStyle.Single && _outputs.Length != 1)
        {
            throw new ArgumentException($"Model '{Name}' has {_outputs.Length} outputs: call it with a list, model.Apply([x]), which returns every output.");
        }
        CheckInputShapes(inputShapes);
        // Every layer is built and the graph is fixed, so each node's output shape for these inputs follows from its layer's rule.
        var shapes = new Dictionary<KerasTensor, Shape>(ReferenceEqualityComparer.Instance);
        for (int i = 0; i < _inputs.Length; i++)
        {
            shapes[_inputs[i]] = inputShapes[i];
        }
        foreach (var node in _graph.Nodes)
        {
            if (node.Style == NodeCallStyle.Input)
            {
                continue;
            }
            var results = node.Layer.InferOutputs([.. node.Inputs.Select(t => shapes[t])], node.Style);
            for (int i = 0; i < node.Outputs.Count; i++)
            {
                shapes[node.Outputs[i]] = results[i].Shape;
            }
        }
        return [.. _outputs.Select(t => (shapes[t], t.DType))];
    }

    /// <inheritdoc/>
    protected override IEnumerable<KeyValuePair<string, object>> AdditionalChildren()
    {
        int withWeights = 0;
        var layers = _graph.Layers;
        for (int i = 0; i < layers.Count; i++)
        {
            if (layers[i].Variables.Count > 0)
            {
                yield return new($"layer_with_weights-{withWeights++}", layers[i]);
            }
            yield return new($"layer-{i}", layers[i]);
        }
    }

    // The model casts floating data to its dtype before its layers see it: take the inputs' so float64 graphs stay float64.
    private static DType FirstInputDType(IReadOnlyList<KerasTensor>? inputs)
        => inputs is { Count: > 0 } && inputs[0] is { } first && first.DType.IsFloating() ? first.DType : DType.Float32;

    private static string[] UniqueOutputNames(KerasTensor[] outputs)
    {
        var used = new HashSet<string>(StringComparer.Ordinal);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var names = new string[outputs.Length];
        for (int i = 0; i < outputs.Length; i++)
        {
            string baseName = outputs[i].Layer.Name, proposal = baseName;
            while (!used.Add(proposal))
            {
                int n = counts.GetValueOrDefault(baseName, 1);
                proposal = $"{baseName}_{n}";
                counts[baseName] = n + 1;
            }
            names[i] = proposal;
        }
        return names;
    }
}
