using Trellis.Layers;

namespace Trellis.Models;

// Keras 3's Functional config: the graph part (inbound nodes, input and output layers) lives here so that GetConfig
// and the archive writer (Saving/SerializableRegistry.Functional.cs) describe the graph identically.
public partial class Functional
{
    /// <summary>Keras 3's config: <c>name</c>, <c>trainable</c>, <c>layers</c> (each with <c>class_name</c>, <c>config</c>,
    /// <c>name</c>, <c>inbound_nodes</c>), <c>input_layers</c>, <c>output_layers</c>. Whole-model saving writes the same
    /// graph with each layer in its full serialized form.</summary>
    /// <returns>A new dictionary.</returns>
    public override Dictionary<string, object?> GetConfig() => GraphConfig(l => new Dictionary<string, object?>
    {
        ["module"] = "keras.layers",
        ["class_name"] = l.GetType().Name,
        ["config"] = l.GetConfig(),
        ["registered_name"] = null,
    });

    /// <summary>The config with each layer serialized by <paramref name="serialize"/>, then given its <c>name</c> and <c>inbound_nodes</c>.</summary>
    internal Dictionary<string, object?> GraphConfig(Func<Layer, Dictionary<string, object?>> serialize)
    {
        var layers = new List<object?>();
        foreach (var layer in Layers)
        {
            var serialized = serialize(layer);
            serialized["name"] = layer.Name;
            serialized["inbound_nodes"] = layer.InboundNodes
                .Where(n => _graph.NodeSet.Contains(n) && n.Style != NodeCallStyle.Input)
                .Select(n => (object?)new Dictionary<string, object?>
                {
                    ["args"] = n.Style == NodeCallStyle.List ? [TensorsConfig(n.Inputs)] : TensorsConfig(n.Inputs),
                    ["kwargs"] = new Dictionary<string, object?>(),
                })
                .ToList();
            layers.Add(serialized);
        }
        return new Dictionary<string, object?>
        {
            ["name"] = Name,
            ["trainable"] = Trainable,
            ["layers"] = layers,
            ["input_layers"] = _inputs.Select(t => (object?)History(t)).ToList(),
            ["output_layers"] = _outputs.Select(t => (object?)History(t)).ToList(),
        };
    }

    private List<object?> TensorsConfig(IReadOnlyList<KerasTensor> tensors) => [.. tensors.Select(t => (object?)new Dictionary<string, object?>
    {
        ["class_name"] = "__keras_tensor__",
        ["config"] = new Dictionary<string, object?>
        {
            ["shape"] = t.Shape.ToArray().Select(d => d == Shape.Unknown ? null : (object?)(long)d).ToList(),
            ["dtype"] = t.DType.Name(),
            ["keras_history"] = History(t),
        },
    })];

    /// <summary>Keras's <c>keras_history</c>: [layer name, index of the call among the model's own calls of that layer, output index].</summary>
    private List<object?> History(KerasTensor t) => [t.Layer.Name, (long)_graph.LocalIndex(t.Node), (long)t.TensorIndex];
}
