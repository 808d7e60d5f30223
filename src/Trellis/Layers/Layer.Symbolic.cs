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
        bool unknownInside = shape.ToArray().Skip(1).Any(d => d == Shape.Unknown);
        if (unknownInside && GetType().GetMethod(nameof(ComputeOutputShape), [typeof(Shape)])!.DeclaringType == typeof(Layer))
        {
            return [(ProbeUnknownSizes(shape), DType)];
        }
        return [(ComputeOutputShape(shape), DType)];
    }

    /// <summary>
    /// The output shape of a layer without its own shape rule when sizes other than the batch are unknown (a sequence
    /// length): the layer runs on zeros with those sizes set to 64, then 96; output sizes that differ are unknown.
    /// </summary>
    /// <remarks>NOTE: the default rule's probe with unknown sizes set to 1 would break a convolution or pooling
    /// window wider than 1, and would report the probe's size as if it were known.</remarks>
    private Shape ProbeUnknownSizes(Shape shape)
    {
        int[] Probe(int size) => Call(Tensor.Zeros(shape.ToArray().Select((d, a) => d != Shape.Unknown ? d : a == 0 ? 1 : size).ToArray(), DType), training: false).Shape.ToArray();
        int[] small = Probe(64), large = Probe(96);
        if (small.Length != large.Length)
        {
            throw new InvalidOperationException($"Layer '{Name}' ({GetType().Name}) gives outputs of different ranks for inputs {shape} of different sizes; override ComputeOutputShape.");
        }
        for (int a = 0; a < small.Length; a++)
        {
            if (small[a] != large[a] || (a == 0 && shape.Rank > 0 && shape[0] == Shape.Unknown))
            {
                small[a] = Shape.Unknown;
            }
        }
        return new Shape(small);
    }
}
