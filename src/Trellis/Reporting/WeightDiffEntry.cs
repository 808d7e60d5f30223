namespace Trellis.Reporting;

/// <summary>The comparison of one key, as <see cref="WeightsDiff.Compare"/> reports it.</summary>
/// <param name="Key">The checkpoint key or tensor name.</param>
/// <param name="Status">Same, changed, only in one file, or shape/dtype changed.</param>
/// <param name="A">The entry in the first file, or null.</param>
/// <param name="B">The entry in the second file, or null.</param>
/// <param name="MaxAbsDiff">For <see cref="WeightDiffStatus.Changed"/> numeric tensors: max |a − b|; otherwise 0.</param>
/// <param name="MaxRelDiff">For <see cref="WeightDiffStatus.Changed"/> numeric tensors: max |a − b| / max(|a|, |b|); otherwise 0.</param>
public sealed record WeightDiffEntry(string Key, WeightDiffStatus Status, WeightEntry? A, WeightEntry? B, double MaxAbsDiff, double MaxRelDiff);
