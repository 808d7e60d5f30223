namespace Trellis.Data;

/// <summary>A small tabular data set with its class names and description (as scikit-learn's <c>Bunch</c>).</summary>
/// <param name="Data">Features, float32 (N, F).</param>
/// <param name="Target">Class labels, int32 (N), in 0..TargetNames.Count - 1.</param>
/// <param name="TargetNames">The class names, indexed by label.</param>
/// <param name="Description">The data set's documentation (reStructuredText), naming its original source.</param>
public sealed record TabularDataset(Tensor Data, Tensor Target, IReadOnlyList<string> TargetNames, string Description);
