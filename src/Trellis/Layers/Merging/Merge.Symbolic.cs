namespace Trellis.Layers.Merging;

public abstract partial class Merge
{
    /// <summary>Combines symbolic tensors (functional API): checks their shapes and records the call.</summary>
    /// <param name="inputs">The symbolic tensors, batch axis first.</param>
    /// <returns>The symbolic result.</returns>
    /// <exception cref="ArgumentException">Too few or too many inputs, or shapes that cannot be combined.</exception>
    public KerasTensor Apply(IReadOnlyList<KerasTensor> inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        return ApplySymbolic(inputs, NodeCallStyle.List)[0];
    }

    /// <inheritdoc/>
    internal override IReadOnlyList<(Shape Shape, DType DType)> InferOutputs(IReadOnlyList<Shape> inputShapes, NodeCallStyle style)
    {
        if (style != NodeCallStyle.List)
        {
            throw new ArgumentException($"Layer '{Name}' ({GetType().Name}) merges several tensors: call it with a list, layer.Apply([a, b]).");
        }
        // The merge rules live in CheckShapes/Combine on data: run them on zeros, unknown axes set to 1 (batch axis
        // back to -1 after), so the symbolic rule cannot drift from the eager one.
        var probes = inputShapes.Select(s => Tensor.Zeros(s.ToArray().Select(d => d == Shape.Unknown ? 1 : d).ToArray(), DType)).ToList();
        var output = Apply(probes).Shape.ToArray();
        if (output.Length > 0 && inputShapes.All(s => s.Rank > 0 && s[0] == Shape.Unknown))
        {
            output[0] = Shape.Unknown;
        }
        return [(new Shape(output), DType)];
    }
}
