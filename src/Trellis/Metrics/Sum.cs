namespace Trellis.Metrics;

/// <summary>The (weighted) sum of the values seen; state variable <c>total</c>.</summary>
public sealed class Sum : Metric
{
    private readonly Variable _total;

    /// <summary>Creates the metric.</summary>
    /// <param name="name">The name shown in logs.</param>
    public Sum(string name = "sum")
        : base(name) => _total = AddStateVariable("total");

    /// <summary>Adds values.</summary>
    /// <param name="values">Any shape.</param>
    /// <param name="sampleWeight">Weights broadcastable to <paramref name="values"/>, or null.</param>
    public void UpdateState(Tensor values, Tensor? sampleWeight = null)
    {
        ArgumentNullException.ThrowIfNull(values);
        var v = Ops.Cast(values, DType.Float64);
        if (sampleWeight is not null)
        {
            v = v * Ops.Cast(sampleWeight, DType.Float64);
        }
        _total.Assign(Tensor.Scalar(_total.GetAsDouble(0) + Ops.Sum(v).GetAsDouble(0), DType.Float32));
    }

    /// <inheritdoc/>
    public override Tensor Result() => _total.Value();
}
