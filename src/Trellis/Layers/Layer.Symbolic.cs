using Trellis.Tracking;

namespace Trellis.Layers;

public abstract partial class Layer
{
    [NotTracked]
    private List<LayerNode>? _inboundNodes;

    /// <summary>Applies the layer to a symbolic tensor (functional API): builds the layer from the static shape and
    /// records the call; nothing is computed.</summary>
    /// <param name="inputs">A symbolic tensor from <c>Functional.Input</c> or another layer call.</param>
    /// <returns>The symbolic output, whose shape is the layer's output shape (batch axis -1).</returns>
    /// <exception cref="ArgumentException">The input shape does not satisfy the layer's <see cref="InputSpec"/>
    /// (the message names the layer and shapes).</exception>
    public KerasTensor Apply(KerasTensor inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        return ApplySymbolic([inputs], NodeCallStyle.Single)[0];
    }

    /// <summary>The symbolic calls of this layer, in call order (Keras <c>_inbound_nodes</c>).</summary>
    internal IReadOnlyList<LayerNode> InboundNodes => _inboundNodes ?? (IReadOnlyList<LayerNode>)[];

    /// <summary>Records a call on symbolic inputs: infers the output shapes (building the layer), then adds a node.</summary>
    internal IReadOnlyList<KerasTensor> ApplySymbolic(IReadOnlyList<KerasTensor> inputs, NodeCallStyle style)
    {
        var outputs = InferOutputs([.. inputs.Select(t => t.Shape)], style);
        var node = AddNode(inputs, style);
        foreach (var (shape, dtype) in outputs)
        {
            node.AddOutput(shape, dtype);
        }
        return node.Outputs;
    }

    /// <summary>Adds a node with no outputs yet.</summary>
    internal LayerNode AddNode(IReadOnlyList<KerasTensor> inputs, NodeCallStyle style)
    {
        _inboundNodes ??= [];
        var node = new LayerNode(this, inputs, style, _inboundNodes.Count);
        _inboundNodes.Add(node);
        return node;
    }

    /// <summary>
    /// The output shapes and dtypes of a call on inputs of <paramref name="inputShapes"/>, building the layer first.
    /// The default handles one input: it checks the <see cref="InputSpec"/>, builds, and asks <see cref="ComputeOutputShape"/>.
    /// </summary>
    internal virtual IReadOnlyList<(Shape Shape, DType DType)> InferOutputs(IReadOnlyList<Shape> inputShapes, NodeCallStyle style)
    {
        if (style != NodeCallStyle.Single || inputShapes.Count != 1)
        {
            throw new ArgumentException($"Layer '{Name}' ({GetType().Name}) takes one input tensor, but received a list of {inputShapes.Count}. Call it as layer.Apply(x).");
        }
        var shape = inputShapes[0];
        InputSpec?.Check(this, shape);
        EnsureBuilt(shape);
        return [(ComputeOutputShape(shape), DType)];
    }
}
