using Trellis.Layers;
using Trellis.Tracking;

namespace Trellis.Models;

/// <summary>A plain stack of layers, each feeding the next (Keras <c>Sequential</c>).</summary>
/// <remarks>
/// <para>When the first layer declares <c>inputShape</c> (or is an <see cref="InputLayer"/>), the model builds at
/// once; otherwise on the first data it sees.</para>
/// <para>Tracked children, named exactly as tf.keras 2 names them so TensorFlow checkpoints restore into the model:
/// <c>layer-N</c> for the N-th layer and <c>layer_with_weights-M</c> for the M-th layer that has weights (an
/// <see cref="InputLayer"/> is not counted), plus <c>optimizer</c> once compiled.</para>
/// </remarks>
public class Sequential : Model
{
    [NotTracked]
    private readonly List<Layer> _layers = [];

    /// <summary>Creates the model from layers.</summary>
    /// <param name="layers">The layers, first to last.</param>
    public Sequential(params Layer[] layers)
        : this(layers, null)
    {
    }

    /// <summary>Creates the model from layers with a name.</summary>
    /// <param name="layers">The layers, first to last.</param>
    /// <param name="name">The model name; <c>sequential</c>, <c>sequential_1</c>... by default.</param>
    /// <param name="dtype">The dtype floating inputs are cast to before the first layer (float32 or float64).</param>
    public Sequential(IEnumerable<Layer> layers, string? name, DType dtype = DType.Float32)
        : base(name, dtype)
    {
        ArgumentNullException.ThrowIfNull(layers);
        foreach (var layer in layers)
        {
            Add(layer);
        }
    }

    /// <summary>The layers, first to last, without an <see cref="InputLayer"/> (as Keras's <c>model.layers</c>).</summary>
    public override IReadOnlyList<Layer> Layers => [.. _layers.Where(l => l is not InputLayer)];

    /// <inheritdoc/>
    public override IReadOnlyList<Layer> SubLayers => _layers;

    /// <summary>The input shape without the batch axis, when declared by the first layer; otherwise null.</summary>
    public Shape? InputShape => _layers.Count > 0 ? _layers[0].DeclaredInputShape : null;

    /// <summary>Appends a layer (built at once when the model's input shape is known).</summary>
    /// <param name="layer">The layer.</param>
    /// <exception cref="ArgumentException">The layer is already in this model, or an <see cref="InputLayer"/> is not first.</exception>
    public void Add(Layer layer)
    {
        ArgumentNullException.ThrowIfNull(layer);
        if (_layers.Contains(layer))
        {
            throw new ArgumentException($"Layer '{layer.Name}' is already in model '{Name}'; a layer can appear once in a Sequential model.", nameof(layer));
        }
        if (layer is InputLayer && _layers.Count > 0)
        {
            throw new ArgumentException($"An InputLayer must be the first layer of model '{Name}', but {_layers.Count} layers were added before it.", nameof(layer));
        }
        _layers.Add(layer);
        if (InputShape is { } shape)
        {
            BuildLayers([Shape.Unknown, .. shape.ToArray()]);
        }
    }

    /// <summary>Removes the last layer.</summary>
    /// <returns>The removed layer.</returns>
    /// <exception cref="InvalidOperationException">The model has no layers.</exception>
    public Layer Pop()
    {
        if (_layers.Count == 0)
        {
            throw new InvalidOperationException($"Model '{Name}' has no layers to pop.");
        }
        var last = _layers[^1];
        _layers.RemoveAt(_layers.Count - 1);
        return last;
    }

    /// <summary>The output shape of each layer (batch axis -1), once the input shape is known; otherwise null.</summary>
    /// <returns>One shape per layer in <see cref="Layers"/>.</returns>
    public IReadOnlyList<Shape>? OutputShapes()
    {
        Shape? input = InputShape is { } declared ? new Shape([Shape.Unknown, .. declared.ToArray()]) : BuildInputShape;
        if (input is not { } shape)
        {
            return null;
        }
        var result = new List<Shape>();
        foreach (var layer in _layers)
        {
            shape = layer.ComputeOutputShape(shape);
            if (layer is not InputLayer)
            {
                result.Add(shape);
            }
        }
        return result;
    }

    /// <inheritdoc/>
    protected override void Build(Shape inputShape) => BuildLayers(inputShape);

    /// <inheritdoc/>
    protected override Tensor Call(Tensor inputs) => Call(inputs, training: false);

    /// <inheritdoc/>
    protected override Tensor Call(Tensor inputs, bool training)
    {
        if (_layers.Count == 0)
        {
            throw new InvalidOperationException($"Model '{Name}' has no layers: add some before calling it.");
        }
        var h = inputs;
        Tensor? mask = null; // Keras's mask propagation: from Embedding(maskZero) to the next recurrent layer
        foreach (var layer in _layers)
        {
            Tensor input = h;
            h = mask is not null && layer is IMaskConsumer consumer ? consumer.Apply(h, mask, training) : layer.Apply(h, training);
            mask = layer switch
            {
                Embedding embedding => embedding.ComputeMask(input),
                Dropout or Activation => mask, // element-wise: the same steps stay valid
                _ => null,
            };
        }
        return h;
    }

    /// <inheritdoc/>
    protected override IEnumerable<KeyValuePair<string, object>> AdditionalChildren()
    {
        int withWeights = 0;
        var layers = Layers;
        for (int i = 0; i < layers.Count; i++)
        {
            if (layers[i].Variables.Count > 0)
            {
                yield return new($"layer_with_weights-{withWeights++}", layers[i]);
            }
            yield return new($"layer-{i}", layers[i]);
        }
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var config = new Dictionary<string, object?> { ["name"] = Name, ["trainable"] = Trainable, ["dtype"] = DType.Name() };
        config["layers"] = _layers.Select(l => (object?)new Dictionary<string, object?>
        {
            ["module"] = "keras.layers",
            ["class_name"] = l.GetType().Name,
            ["config"] = l.GetConfig(),
            ["registered_name"] = null,
        }).ToList();
        return config;
    }

    private void BuildLayers(Shape inputShape)
    {
        var shape = inputShape;
        foreach (var layer in _layers)
        {
            layer.EnsureBuilt(shape);
            shape = layer.ComputeOutputShape(shape);
        }
    }
}
