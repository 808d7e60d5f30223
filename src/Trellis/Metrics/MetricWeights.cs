namespace Trellis.Metrics;

/// <summary>Sample weights spread over predictions, as Keras's confusion metrics do.</summary>
internal static class MetricWeights
{
    /// <summary>
    /// The weights as float64 of <paramref name="shape"/>: trailing unit axes are appended until the ranks agree (so
    /// per-sample weights of shape (batch) apply to predictions of shape (batch, k)), then broadcast.
    /// </summary>
    /// <exception cref="ArgumentException">The weights cannot be broadcast to the predictions; the message names both shapes.</exception>
    public static Tensor? Broadcast(Tensor? sampleWeight, Shape shape, string metric)
    {
        if (sampleWeight is null)
        {
            return null;
        }
        var w = Ops.Cast(sampleWeight, DType.Float64);
        if (w.Rank < shape.Rank)
        {
            w = Ops.Reshape(w, [.. w.Shape.ToArray(), .. Enumerable.Repeat(1, shape.Rank - w.Rank)]);
        }
        try
        {
            return Ops.BroadcastTo(w, shape);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"{metric}: sample weights of shape {sampleWeight.Shape} do not broadcast to the predictions' shape {shape}. Pass one weight per sample or per prediction.", nameof(sampleWeight), e);
        }
    }
}
