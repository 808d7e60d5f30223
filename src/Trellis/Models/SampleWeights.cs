namespace Trellis.Models;

/// <summary>Per-sample training weights from Fit's <c>sampleWeight</c> and <c>classWeight</c> arguments.</summary>
internal static class SampleWeights
{
    /// <summary>sampleWeight times the class weight of each sample's class; null when neither is given.</summary>
    public static Tensor? Combine(Tensor? sampleWeight, IReadOnlyDictionary<int, double>? classWeight, Tensor y)
    {
        int n = y.Shape[0];
        if (sampleWeight is not null && sampleWeight.Size != n)
        {
            throw new ArgumentException($"Fit: sampleWeight needs one weight per sample ({n}), but received shape {sampleWeight.Shape}.", nameof(sampleWeight));
        }
        if (classWeight is null)
        {
            return sampleWeight is null ? null : Ops.Reshape(Ops.Cast(sampleWeight, DType.Float32), [n]);
        }
        // One-hot targets give their argmax; integer targets (n) or (n, 1) give themselves.
        Tensor classes = y.Rank >= 2 && y.Shape[^1] > 1 ? Ops.ArgMax(y, -1) : Ops.Reshape(y, [n]);
        var w = new float[n];
        for (int i = 0; i < n; i++)
        {
            int c = (int)classes.GetAsDouble(i);
            w[i] = (float)(classWeight.TryGetValue(c, out double cw) ? cw : 1.0) * (sampleWeight is null ? 1f : (float)sampleWeight.GetAsDouble(i));
        }
        return Tensor.Constant(w, [n]);
    }
}
