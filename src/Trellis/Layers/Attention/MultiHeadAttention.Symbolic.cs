namespace Trellis.Layers;

public sealed partial class MultiHeadAttention
{
    /// <summary>Applies the layer to symbolic tensors (functional API), as Keras's <c>mha(query, value, key)</c>.</summary>
    /// <param name="query">(batch, Tq, query dim).</param>
    /// <param name="value">(batch, Tv, value dim).</param>
    /// <param name="key">(batch, Tv, key dim); null to use <paramref name="value"/>.</param>
    /// <returns>The symbolic output (batch, Tq, out).</returns>
    /// <exception cref="ArgumentException">Shapes that do not fit.</exception>
    public KerasTensor Apply(KerasTensor query, KerasTensor value, KerasTensor? key = null)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(value);
        return ApplySymbolic(key is null ? [query, value] : [query, value, key], NodeCallStyle.Arguments)[0];
    }

    /// <summary>Runs a functional-model call on data: query, value and optionally key.</summary>
    internal Tensor ApplyArguments(IReadOnlyList<Tensor> inputs, bool training) => Apply(inputs[0], inputs[1], inputs.Count > 2 ? inputs[2] : null, training: training);

    /// <inheritdoc/>
    internal override IReadOnlyList<(Shape Shape, DType DType)> InferOutputs(IReadOnlyList<Shape> inputShapes, NodeCallStyle style)
    {
        if (style != NodeCallStyle.Arguments || inputShapes.Count is < 2 or > 3)
        {
            throw new ArgumentException($"Layer '{Name}' (MultiHeadAttention) takes query, value and optionally key, as layer.Apply(query, value); received {inputShapes.Count} tensor(s).");
        }
        return [(SymbolicProbe.Run(inputShapes, DType, probes => ApplyArguments(probes, training: false)), DType)];
    }
}
