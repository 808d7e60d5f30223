namespace Trellis.Layers;

/// <summary>
/// A symbolic tensor of the functional API (Keras <c>KerasTensor</c>): a shape and dtype with no values, plus the
/// history of which layer call produced it. Made by <c>Functional.Input</c> and by applying a layer to symbolic
/// tensors (<c>layer.Apply(x)</c>, <c>merge.Apply([a, b])</c>); a <c>Functional</c> model is built from them.
/// </summary>
/// <remarks>Applying a layer to a symbolic tensor builds the layer from the static shape (batch axis -1) and records
/// the call; no computation runs on data. The same layer applied twice is shared: one set of weights.</remarks>
public sealed class KerasTensor
{
    internal KerasTensor(Shape shape, DType dtype, LayerNode node, int tensorIndex)
    {
        Shape = shape;
        DType = dtype;
        Node = node;
        TensorIndex = tensorIndex;
    }

    /// <summary>The shape, batch axis first; unknown dimensions (the batch axis at least) are -1.</summary>
    public Shape Shape { get; }

    /// <summary>The element type.</summary>
    public DType DType { get; }

    /// <summary>The layer whose call produced this tensor (an <see cref="InputLayer"/> for a model input).</summary>
    public Layer Layer => Node.Layer;

    /// <summary>Which call of <see cref="Layer"/> produced it (0 for the first call; shared layers have several).</summary>
    public int NodeIndex => Node.Index;

    /// <summary>Which output of that call it is (0 unless the layer returns several tensors).</summary>
    public int TensorIndex { get; }

    /// <summary>A readable name: the producing layer's name, then <c>[node][tensor]</c> as Keras's summary writes it.</summary>
    public string Name => $"{Layer.Name}[{NodeIndex}][{TensorIndex}]";

    /// <summary>The layer call that produced this tensor.</summary>
    internal LayerNode Node { get; }

    /// <inheritdoc/>
    public override string ToString() => $"<KerasTensor shape={Shape}, dtype={DType.Name()}, produced by '{Layer.Name}' ({Layer.GetType().Name}), {Name}>";
}
