using Trellis.Layers;

namespace Trellis.Models;

/// <summary>
/// The topology of a functional model: the layer calls (nodes) between its inputs and outputs in an order that runs
/// them, and its layers in tf.keras 2's order (by depth from the outputs, deepest first, ties in the order a depth-first
/// walk from the outputs meets them), which decides the checkpoint names <c>layer-N</c>.
/// </summary>
internal sealed class FunctionalGraph
{
    private FunctionalGraph(List<LayerNode> nodes, List<Layer> layers)
    {
        Nodes = nodes;
        Layers = layers;
        NodeSet = new HashSet<LayerNode>(nodes, ReferenceEqualityComparer.Instance);
    }

    /// <summary>The nodes, each after the nodes it reads from (input nodes first).</summary>
    public IReadOnlyList<LayerNode> Nodes { get; }

    /// <summary>The layers in Keras order (input layers first).</summary>
    public IReadOnlyList<Layer> Layers { get; }

    /// <summary>The model's own nodes (a shared layer may also have nodes in other models).</summary>
    public IReadOnlySet<LayerNode> NodeSet { get; }

    /// <summary>The position of <paramref name="node"/> among its layer's nodes that belong to this model (Keras 3 re-indexes so in configs).</summary>
    public int LocalIndex(LayerNode node) => node.Layer.InboundNodes.Take(node.Index).Count(NodeSet.Contains);

    /// <exception cref="ArgumentException">An input is not from <c>Functional.Input</c>, an output cannot be computed from the inputs, or two layers share a name.</exception>
    public static FunctionalGraph Map(IReadOnlyList<KerasTensor> inputs, IReadOnlyList<KerasTensor> outputs, string modelName)
    {
        for (int i = 0; i < inputs.Count; i++)
        {
            if (inputs[i].Node.Style != NodeCallStyle.Input)
            {
                throw new ArgumentException(
                    $"Model '{modelName}': input {i} is the output of layer '{inputs[i].Layer.Name}' ({inputs[i].Layer.GetType().Name}), not a model input. " +
                    "A Functional model's inputs must come from Functional.Input(shape).", nameof(inputs));
            }
        }
        var finished = new HashSet<LayerNode>(ReferenceEqualityComparer.Instance);
        var ordered = new List<LayerNode>();
        var firstSeen = new Dictionary<Layer, int>(ReferenceEqualityComparer.Instance);
        foreach (var output in outputs)
        {
            Visit(output.Node);
        }

        // Depth = the longest path from the node to an output; a layer takes the largest depth of its nodes.
        var nodeDepth = new Dictionary<LayerNode, int>(ReferenceEqualityComparer.Instance);
        var layerDepth = new Dictionary<Layer, int>(ReferenceEqualityComparer.Instance);
        for (int i = ordered.Count - 1; i >= 0; i--)
        {
            var node = ordered[i];
            int depth = Math.Max(nodeDepth.GetValueOrDefault(node), layerDepth.GetValueOrDefault(node.Layer));
            layerDepth[node.Layer] = depth;
            nodeDepth[node] = depth;
            foreach (var parent in node.Inputs.Select(t => t.Node))
            {
                nodeDepth[parent] = Math.Max(depth + 1, nodeDepth.GetValueOrDefault(parent));
            }
        }
        // Inputs no output depends on still belong to the model (as in Keras), at depth 0 and sorted first among equals.
        foreach (var input in inputs)
        {
            if (!layerDepth.ContainsKey(input.Layer))
            {
                layerDepth[input.Layer] = 0;
                firstSeen[input.Layer] = -1;
                nodeDepth[input.Node] = 0;
                ordered.Add(input.Node);
            }
        }
        var layers = layerDepth.Keys.OrderByDescending(l => layerDepth[l]).ThenBy(l => firstSeen[l]).ToList();
        var position = new Dictionary<LayerNode, int>(ReferenceEqualityComparer.Instance);
        for (int i = 0; i < ordered.Count; i++)
        {
            position[ordered[i]] = i;
        }
        var nodes = ordered.OrderByDescending(n => nodeDepth[n]).ThenBy(n => position[n]).ToList();

        CheckComputable(nodes, inputs, outputs, modelName);
        var duplicate = layers.GroupBy(l => l.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException(
                $"The name '{duplicate.Key}' is used by {duplicate.Count()} layers in model '{modelName}' ({string.Join(", ", duplicate.Select(l => l.GetType().Name))}). " +
                "Layer names must be unique in a model (configs refer to layers by name): pass a different name: to one of them.");
        }
        return new FunctionalGraph(nodes, layers);

        void Visit(LayerNode node)
        {
            if (finished.Contains(node))
            {
                return;
            }
            firstSeen.TryAdd(node.Layer, firstSeen.Count);
            foreach (var input in node.Inputs)
            {
                Visit(input.Node);
            }
            finished.Add(node);
            ordered.Add(node);
        }
    }

    private static void CheckComputable(List<LayerNode> nodes, IReadOnlyList<KerasTensor> inputs, IReadOnlyList<KerasTensor> outputs, string modelName)
    {
        var computable = new HashSet<KerasTensor>(inputs, ReferenceEqualityComparer.Instance);
        string inputNames = string.Join(", ", inputs.Select(t => $"'{t.Layer.Name}'"));
        foreach (var node in nodes)
        {
            if (node.Style == NodeCallStyle.Input)
            {
                continue;
            }
            foreach (var t in node.Inputs)
            {
                if (!computable.Contains(t))
                {
                    throw new ArgumentException(
                        $"Graph disconnected in model '{modelName}': layer '{node.Layer.Name}' needs {t.Name} from input '{t.Layer.Name}', which is not among the model's inputs [{inputNames}]. " +
                        $"Add the tensor Functional.Input(name: \"{t.Layer.Name}\") returned to the inputs of the model.");
                }
            }
            foreach (var t in node.Outputs)
            {
                computable.Add(t);
            }
        }
        foreach (var t in outputs)
        {
            if (!computable.Contains(t))
            {
                throw new ArgumentException(
                    $"Graph disconnected in model '{modelName}': the output {t.Name} is the input '{t.Layer.Name}', which is not among the model's inputs [{inputNames}]. Pass it in the inputs.");
            }
        }
    }
}
