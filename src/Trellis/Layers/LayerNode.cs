namespace Trellis.Layers;

/// <summary>How a layer was called on symbolic tensors, which decides how it is called on data and how the call is
/// serialized (Keras 3 <c>inbound_nodes</c> <c>args</c>).</summary>
internal enum NodeCallStyle
{
    /// <summary>No inputs: the node of an <see cref="InputLayer"/>.</summary>
    Input,

    /// <summary>One tensor argument: <c>layer.Apply(x)</c>, serialized as <c>args: [x]</c>.</summary>
    Single,

    /// <summary>A list argument: <c>merge.Apply([a, b])</c>, serialized as <c>args: [[a, b]]</c>.</summary>
    List,

    /// <summary>Several tensor arguments: <c>mha.Apply(query, value)</c>, serialized as <c>args: [query, value]</c>.</summary>
    Arguments,
}

/// <summary>One call of a layer on symbolic tensors (Keras <c>Node</c>): its inputs and the outputs it produced.</summary>
internal sealed class LayerNode
{
    private readonly List<KerasTensor> _outputs = [];

    public LayerNode(Layer layer, IReadOnlyList<KerasTensor> inputs, NodeCallStyle style, int index)
    {
        Layer = layer;
        Inputs = inputs;
        Style = style;
        Index = index;
    }

    /// <summary>The layer called.</summary>
    public Layer Layer { get; }

    /// <summary>The symbolic inputs, in argument order.</summary>
    public IReadOnlyList<KerasTensor> Inputs { get; }

    /// <summary>The symbolic outputs.</summary>
    public IReadOnlyList<KerasTensor> Outputs => _outputs;

    /// <summary>How the layer was called.</summary>
    public NodeCallStyle Style { get; }

    /// <summary>The position of this node among the layer's calls.</summary>
    public int Index { get; }

    public void AddOutput(Shape shape, DType dtype) => _outputs.Add(new KerasTensor(shape, dtype, this, _outputs.Count));
}
