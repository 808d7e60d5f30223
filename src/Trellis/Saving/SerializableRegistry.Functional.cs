using Trellis.Layers;
using Trellis.Models;

namespace Trellis.Saving;

// Keras 3's Functional config: {name, trainable, layers: [{class_name, config, ..., name, inbound_nodes}], input_layers,
// output_layers}. Each inbound node is {args, kwargs}, its tensors serialized as "__keras_tensor__" objects whose
// keras_history is [layer name, node index among the model's own nodes of that layer, tensor index].
internal static partial class SerializableRegistry
{
    private const string KerasTensorClass = "__keras_tensor__";

    private static Dictionary<string, object?> SerializeFunctional(Functional model)
        => Wrap("keras", "Functional", model.GraphConfig(SerializeLayer), null);

    /// <summary>Rebuilds a functional model: creates every layer, then replays the layer calls in an order where each call's inputs exist.</summary>
    private static Functional LoadFunctional(ConfigReader c, LoadContext context)
    {
        var items = c.GetList("layers");
        var layers = new List<(Layer Layer, List<object?> Nodes, string Path)>();
        var byName = new Dictionary<string, Layer>(StringComparer.Ordinal);
        var produced = new Dictionary<(string Layer, long Node), IReadOnlyList<KerasTensor>>();
        for (int i = 0; i < items.Count; i++)
        {
            string path = $"{c.Path}.layers[{i}]";
            if (items[i] is not Dictionary<string, object?> d)
            {
                throw new TrellisFormatException($"{path}: expected a serialized layer object, but found {ConfigReader.Show(items[i])}.");
            }
            var serialized = new ConfigReader(d, path);
            var layer = DeserializeLayer(serialized, context);
            string name = serialized.GetString("name", layer.Name);
            if (name != layer.Name || !byName.TryAdd(name, layer))
            {
                throw new TrellisFormatException($"{path}.name: '{name}' does not match its config's name '{layer.Name}' or is used by another layer; layer names in a functional model are unique.");
            }
            if (layer is InputLayer input)
            {
                produced[(name, 0)] = [Functional.InputOf(input)];
            }
            layers.Add((layer, serialized.IsNull("inbound_nodes") ? [] : serialized.GetList("inbound_nodes"), path));
        }

        // Replay: a call runs once all its input tensors exist (a shared layer's later calls may need later layers).
        var next = new int[layers.Count];
        bool progress = true;
        while (progress)
        {
            progress = false;
            for (int i = 0; i < layers.Count; i++)
            {
                var (layer, nodes, path) = layers[i];
                while (next[i] < nodes.Count && TryReplay(layer, nodes[next[i]], $"{path}.inbound_nodes[{next[i]}]", produced, context, out var outputs))
                {
                    produced[(layer.Name, next[i])] = outputs;
                    next[i]++;
                    progress = true;
                }
            }
        }
        for (int i = 0; i < layers.Count; i++)
        {
            if (next[i] < layers[i].Nodes.Count)
            {
                throw new TrellisFormatException(
                    $"{layers[i].Path}.inbound_nodes[{next[i]}]: the call of layer '{layers[i].Layer.Name}' reads a tensor that no layer of the model produces; the config is damaged.");
            }
        }
        var inputs = Tensors(c, "input_layers", produced);
        var outputsList = Tensors(c, "output_layers", produced);
        try
        {
            return new Functional(inputs, outputsList, c.GetNullableString("name")) { Trainable = c.GetBool("trainable", true) };
        }
        catch (ArgumentException e)
        {
            throw new TrellisFormatException($"{c.Path}: the saved graph is not a valid functional model: {e.Message}", e);
        }
    }

    private static bool TryReplay(Layer layer, object? nodeData, string path, Dictionary<(string Layer, long Node), IReadOnlyList<KerasTensor>> produced,
        LoadContext context, out IReadOnlyList<KerasTensor> outputs)
    {
        outputs = [];
        if (nodeData is not Dictionary<string, object?> d)
        {
            throw new TrellisFormatException($"{path}: expected an object with args and kwargs, but found {ConfigReader.Show(nodeData)}.");
        }
        var node = new ConfigReader(d, path);
        var args = node.GetList("args");
        NodeCallStyle style;
        List<object?> tensorData;
        if (args.Count == 1 && args[0] is List<object?> list)
        {
            style = NodeCallStyle.List;
            tensorData = list;
        }
        else if (args.Count == 1)
        {
            style = NodeCallStyle.Single;
            tensorData = args;
        }
        else if (args.Count is 2 or 3)
        {
            style = NodeCallStyle.Arguments;
            tensorData = args;
        }
        else
        {
            throw new TrellisFormatException($"{path}.args: expected one tensor, one list of tensors, or two or three tensors (query, value, key), but found {args.Count} arguments.");
        }
        var inputs = new List<KerasTensor>(tensorData.Count);
        for (int i = 0; i < tensorData.Count; i++)
        {
            if (Resolve(tensorData[i], $"{path}.args", produced) is not { } t)
            {
                return false;
            }
            inputs.Add(t);
        }
        if (style != NodeCallStyle.List && !layer.Built)
        {
            Preflight([layer], inputs[0].Shape, context, path);
        }
        try
        {
            outputs = layer.ApplySymbolic(inputs, style);
            return true;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            throw new TrellisFormatException($"{path}: layer '{layer.Name}' cannot be called on {string.Join(", ", inputs.Select(t => t.Shape.ToString()))}: {e.Message}", e);
        }
    }

    /// <summary>The tensor a serialized keras tensor names, or null when its layer call has not been replayed yet.</summary>
    private static KerasTensor? Resolve(object? data, string path, Dictionary<(string Layer, long Node), IReadOnlyList<KerasTensor>> produced)
    {
        if (data is not Dictionary<string, object?> d)
        {
            throw new TrellisFormatException($"{path}: expected a serialized tensor ({{\"class_name\": \"{KerasTensorClass}\", ...}}), but found {ConfigReader.Show(data)}.");
        }
        var tensor = new ConfigReader(d, path);
        if (tensor.GetString("class_name") != KerasTensorClass)
        {
            throw new TrellisFormatException($"{path}.class_name: expected '{KerasTensorClass}', but found '{tensor.GetString("class_name")}'.");
        }
        var config = tensor.GetObject("config");
        var history = config.GetList("keras_history");
        return Lookup(history, $"{config.Path}.keras_history", produced, required: false);
    }

    private static List<KerasTensor> Tensors(ConfigReader c, string key, Dictionary<(string Layer, long Node), IReadOnlyList<KerasTensor>> produced)
    {
        var list = c.GetList(key);
        // A single [name, node, tensor] triple is accepted as well as a list of them.
        if (list.Count > 0 && list[0] is string)
        {
            return [Lookup(list, $"{c.Path}.{key}", produced, required: true)!];
        }
        var result = new List<KerasTensor>();
        for (int i = 0; i < list.Count; i++)
        {
            if (list[i] is not List<object?> triple)
            {
                throw new TrellisFormatException($"{c.Path}.{key}[{i}]: expected [layer name, node index, tensor index], but found {ConfigReader.Show(list[i])}.");
            }
            result.Add(Lookup(triple, $"{c.Path}.{key}[{i}]", produced, required: true)!);
        }
        return result;
    }

    private static KerasTensor? Lookup(List<object?> history, string path, Dictionary<(string Layer, long Node), IReadOnlyList<KerasTensor>> produced, bool required)
    {
        if (history is not [string layer, long node, long index])
        {
            throw new TrellisFormatException($"{path}: expected [layer name, node index, tensor index], but found {ConfigReader.Show(history)}.");
        }
        if (!produced.TryGetValue((layer, node), out var outputs))
        {
            return required
                ? throw new TrellisFormatException($"{path}: no call {node} of a layer '{layer}' exists in the model; the config is damaged.")
                : null;
        }
        if (index < 0 || index >= outputs.Count)
        {
            throw new TrellisFormatException($"{path}: call {node} of layer '{layer}' has {outputs.Count} outputs, but the config asks for output {index}.");
        }
        return outputs[(int)index];
    }
}
