namespace Trellis.Layers;

public partial class Attention
{
    /// <summary>Applies the layer to symbolic tensors (functional API), as Keras's <c>Attention()([query, value])</c>.</summary>
    /// <param name="inputs"><c>[query, value]</c> or <c>[query, value, key]</c>.</param>
    /// <returns>The symbolic output (batch, Tq, value dim).</returns>
    /// <exception cref="ArgumentException">Not two or three inputs, or shapes that do not fit.</exception>
    public KerasTensor Apply(IReadOnlyList<KerasTensor> inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        return ApplySymbolic(inputs, NodeCallStyle.List)[0];
    }

    /// <summary>Runs a functional-model call on data: the list is query, value and optionally key.</summary>
    internal Tensor ApplyList(IReadOnlyList<Tensor> inputs, bool training) => Apply(inputs[0], inputs[1], inputs.Count > 2 ? inputs[2] : null, training: training);

    /// <inheritdoc/>
    internal override IReadOnlyList<(Shape Shape, DType DType)> InferOutputs(IReadOnlyList<Shape> inputShapes, NodeCallStyle style)
    {
        if (style != NodeCallStyle.List || inputShapes.Count is < 2 or > 3)
        {
            throw new ArgumentException($"Layer '{Name}' ({GetType().Name}) takes a list [query, value] or [query, value, key], as layer.Apply([query, value]); received {inputShapes.Count} tensor(s).");
        }
        return [(SymbolicProbe.Run(inputShapes, DType, probes => ApplyList(probes, training: false)), DType)];
    }
}
