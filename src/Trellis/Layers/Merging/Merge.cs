namespace Trellis.Layers.Merging;

/// <summary>
/// The base of the layers that combine several tensors (Keras merging layers): call them with a list,
/// <c>layer.Apply([a, b])</c>.
/// </summary>
public abstract partial class Merge : Layer
{
    /// <summary>Creates the layer.</summary>
    /// <param name="name">The layer name; the snake_case class name with a counter by default.</param>
    /// <param name="dtype">float32 or float64.</param>
    protected Merge(string? name, DType dtype)
        : base(name, dtype)
    {
    }

    /// <summary>The smallest number of inputs the layer accepts.</summary>
    protected virtual int MinInputs => 2;

    /// <summary>The largest number of inputs the layer accepts.</summary>
    protected virtual int MaxInputs => int.MaxValue;

    /// <summary>Combines <paramref name="inputs"/>.</summary>
    /// <param name="inputs">The tensors, batch axis first; floating ones are cast to <see cref="Layer.DType"/>.</param>
    /// <returns>The combined tensor.</returns>
    /// <exception cref="ArgumentException">Too few or too many inputs, or shapes that cannot be combined.</exception>
    public Tensor Apply(IReadOnlyList<Tensor> inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        if (inputs.Count < MinInputs || inputs.Count > MaxInputs)
        {
            string expected = MinInputs == MaxInputs ? $"exactly {MinInputs}" : $"at least {MinInputs}";
            throw new ArgumentException($"Layer '{Name}' expects {expected} inputs, but received {inputs.Count}.", nameof(inputs));
        }
        var cast = inputs.Select(t => t.DType.IsFloating() && t.DType != DType ? Ops.Cast(t, DType) : t).ToList();
        CheckShapes(cast);
        EnsureBuilt(cast[0].Shape);
        return Combine(cast);
    }

    /// <summary>Computes the merged tensor.</summary>
    /// <param name="inputs">The checked, cast inputs.</param>
    /// <returns>The result.</returns>
    protected abstract Tensor Combine(IReadOnlyList<Tensor> inputs);

    /// <summary>Throws when the shapes cannot be combined; by default they must be equal.</summary>
    /// <param name="inputs">The inputs.</param>
    /// <exception cref="ArgumentException">The shapes differ.</exception>
    protected virtual void CheckShapes(IReadOnlyList<Tensor> inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        if (inputs.Any(t => t.Shape != inputs[0].Shape))
        {
            throw new ArgumentException($"Layer '{Name}' expects inputs of one shape, but received {string.Join(", ", inputs.Select(t => t.Shape.ToString()))}.", nameof(inputs));
        }
    }

    /// <inheritdoc/>
    protected override Tensor Call(Tensor inputs)
        => throw new InvalidOperationException($"Layer '{Name}' merges several tensors: call it with a list, layer.Apply([a, b]).");
}
