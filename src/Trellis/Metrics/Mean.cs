namespace Trellis.Metrics;

/// <summary>The (weighted) mean of the values seen: total / count, with state variables <c>total</c> and <c>count</c>.</summary>
public class Mean : Metric
{
    private readonly Variable _total;
    private readonly Variable _count;

    /// <summary>Creates the metric.</summary>
    /// <param name="name">The name shown in logs.</param>
    public Mean(string name = "mean")
        : base(name)
    {
        _total = AddStateVariable("total");
        _count = AddStateVariable("count");
    }

    /// <summary>Adds values to the mean.</summary>
    /// <param name="values">Any shape; every element counts once (times its weight).</param>
    /// <param name="sampleWeight">Weights broadcastable to <paramref name="values"/>, or null for ones.</param>
    public void UpdateState(Tensor values, Tensor? sampleWeight = null)
    {
        ArgumentNullException.ThrowIfNull(values);
        double total, count;
        if (sampleWeight is null)
        {
            total = Ops.Sum(Ops.Cast(values, DType.Float64)).GetAsDouble(0);
            count = values.Size;
        }
        else
        {
            var w = Ops.BroadcastTo(Ops.Cast(sampleWeight, DType.Float64), values.Shape);
            total = Ops.Sum(Ops.Cast(values, DType.Float64) * w).GetAsDouble(0);
            count = Ops.Sum(w).GetAsDouble(0);
        }
        _total.Assign(Tensor.Scalar(_total.GetAsDouble(0) + total, DType.Float32));
        _count.Assign(Tensor.Scalar(_count.GetAsDouble(0) + count, DType.Float32));
    }

    /// <inheritdoc/>
    public override Tensor Result()
    {
        double count = _count.GetAsDouble(0);
        return Tensor.Scalar(count == 0 ? 0 : _total.GetAsDouble(0) / count, DType.Float32);
    }
}
