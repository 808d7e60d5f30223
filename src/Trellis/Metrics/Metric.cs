using Trellis.Tracking;

namespace Trellis.Metrics;

/// <summary>
/// A stateful metric (Keras <c>Metric</c>): accumulates over batches with an update method, reports with
/// <see cref="Result"/>, starts over with <see cref="Reset"/>. Its state lives in tracked variables.
/// </summary>
public abstract class Metric : Trackable
{
    [NotTracked]
    private readonly List<Variable> _state = [];

    /// <summary>Creates a metric.</summary>
    /// <param name="name">The name shown in training logs (<c>accuracy</c>, <c>loss</c>...).</param>
    protected Metric(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        Name = name;
    }

    /// <summary>The name shown in training logs.</summary>
    public string Name { get; }

    /// <summary>The state variables, in creation order.</summary>
    public IReadOnlyList<Variable> Variables => _state;

    /// <summary>The current value.</summary>
    /// <returns>A float32 scalar.</returns>
    public abstract Tensor Result();

    /// <summary>Sets every state variable back to zero.</summary>
    public virtual void Reset()
    {
        foreach (var v in _state)
        {
            v.Assign(Tensor.Zeros(v.Shape, v.DType));
        }
    }

    /// <summary>The Keras config (<c>name</c>, <c>dtype</c>).</summary>
    /// <returns>A new dictionary.</returns>
    public virtual Dictionary<string, object?> GetConfig() => new() { ["name"] = Name, ["dtype"] = "float32" };

    /// <summary>Creates a zero state variable tracked under <paramref name="name"/>.</summary>
    /// <param name="name">The name (<c>total</c>, <c>count</c>...).</param>
    /// <returns>The variable.</returns>
    protected Variable AddStateVariable(string name)
    {
        var v = AddTrackedVariable(name, Shape.Scalar, DType.Float32, () => Tensor.Scalar(0, DType.Float32), trainable: false, $"{Name}/{name}");
        _state.Add(v);
        return v;
    }
}
