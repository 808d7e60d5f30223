namespace Trellis.Reporting;

/// <summary>Compares two weights files key by key (<c>trellis diff</c>).</summary>
public static class WeightsDiff
{
    /// <summary>Compares every key of two files.</summary>
    /// <param name="a">The first file.</param>
    /// <param name="b">The second file.</param>
    /// <returns>One entry per key in either file, sorted by key (ordinal).</returns>
    /// <exception cref="ArgumentNullException">A file is null.</exception>
    /// <exception cref="TrellisFormatException">Stored data is damaged.</exception>
    /// <remarks>
    /// Values are compared as doubles. The relative difference of an element is |a − b| / max(|a|, |b|) (0 when both
    /// are 0); NaN against NaN counts as equal, NaN against a number as an infinite difference. Tensors Trellis cannot
    /// read as numbers (strings) are compared byte for byte, with no difference figures.
    /// </remarks>
    public static IReadOnlyList<WeightDiffEntry> Compare(WeightsFile a, WeightsFile b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var inA = a.Entries.ToDictionary(e => e.Key, StringComparer.Ordinal);
        var inB = b.Entries.ToDictionary(e => e.Key, StringComparer.Ordinal);
        var keys = inA.Keys.Union(inB.Keys).OrderBy(k => k, StringComparer.Ordinal);
        var result = new List<WeightDiffEntry>();
        foreach (string key in keys)
        {
            inA.TryGetValue(key, out var ea);
            inB.TryGetValue(key, out var eb);
            if (ea is null || eb is null)
            {
                result.Add(new WeightDiffEntry(key, ea is null ? WeightDiffStatus.OnlyInB : WeightDiffStatus.OnlyInA, ea, eb, 0, 0));
            }
            else if (ea.Shape != eb.Shape)
            {
                result.Add(new WeightDiffEntry(key, WeightDiffStatus.ShapeChanged, ea, eb, 0, 0));
            }
            else if (ea.DType != eb.DType)
            {
                result.Add(new WeightDiffEntry(key, WeightDiffStatus.DTypeChanged, ea, eb, 0, 0));
            }
            else
            {
                result.Add(CompareValues(key, ea, eb, a, b));
            }
        }
        return result;
    }

    private static WeightDiffEntry CompareValues(string key, WeightEntry ea, WeightEntry eb, WeightsFile a, WeightsFile b)
    {
        Tensor? ta = a.TryGetTensor(key);
        Tensor? tb = b.TryGetTensor(key);
        if (ta is null || tb is null)
        {
            bool same = a.GetRawBytes(key).AsSpan().SequenceEqual(b.GetRawBytes(key));
            return new WeightDiffEntry(key, same ? WeightDiffStatus.Same : WeightDiffStatus.Changed, ea, eb, 0, 0);
        }
        if (ta.ToBytes().AsSpan().SequenceEqual(tb.ToBytes()))
        {
            return new WeightDiffEntry(key, WeightDiffStatus.Same, ea, eb, 0, 0);
        }
        double maxAbs = 0, maxRel = 0;
        for (int i = 0; i < ta.Size; i++)
        {
            double x = ta.GetAsDouble(i), y = tb.GetAsDouble(i);
            if (double.IsNaN(x) && double.IsNaN(y))
            {
                continue;
            }
            double abs = double.IsNaN(x) || double.IsNaN(y) ? double.PositiveInfinity : Math.Abs(x - y);
            double scale = Math.Max(Math.Abs(x), Math.Abs(y));
            double rel = abs == 0 ? 0 : double.IsPositiveInfinity(abs) ? abs : abs / scale;
            maxAbs = Math.Max(maxAbs, abs);
            maxRel = Math.Max(maxRel, rel);
        }
        // Bytes can differ while values compare equal (0.0 and -0.0); that is still a change worth reporting.
        return new WeightDiffEntry(key, WeightDiffStatus.Changed, ea, eb, maxAbs, maxRel);
    }
}
