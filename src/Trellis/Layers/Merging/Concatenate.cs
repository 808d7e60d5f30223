namespace Trellis.Layers.Merging;

/// <summary>Joins the inputs along <c>axis</c> (the last by default); other axes must match.</summary>
/// <param name="axis">The joining axis.</param>
/// <param name="name">The layer name.</param>
/// <param name="dtype">float32 or float64.</param>
public sealed class Concatenate(int axis = -1, string? name = null, DType dtype = DType.Float32) : Merge(name, dtype)
{
    /// <summary>The joining axis.</summary>
    public int Axis { get; } = axis;

    /// <inheritdoc/>
    protected override Tensor Combine(IReadOnlyList<Tensor> inputs) => Ops.Concat([.. inputs], Axis);

    /// <inheritdoc/>
    protected override void CheckShapes(IReadOnlyList<Tensor> inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var first = inputs[0].Shape;
        int axis = first.NormalizeAxis(Axis);
        foreach (var t in inputs)
        {
            if (t.Rank != first.Rank || Enumerable.Range(0, first.Rank).Any(a => a != axis && t.Shape[a] != first[a]))
            {
                throw new ArgumentException($"Layer '{Name}' expects inputs that match except along axis {Axis}, but received {string.Join(", ", inputs.Select(x => x.Shape.ToString()))}.", nameof(inputs));
            }
        }
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["axis"] = Axis;
        return config;
    }
}
