namespace Trellis.Data;

/// <summary>scikit-learn's BreastCancer data set (569 tumours, 30 features of cell nuclei, 2 classes (malignant = 0, benign = 1)), shipped inside Trellis.</summary>
/// <remarks>Copied from scikit-learn 1.2.1 (BSD-3-Clause); <see cref="TabularDataset.Description"/> names the original source.</remarks>
public static class BreastCancer
{
    /// <summary>Loads the data set (as scikit-learn's <c>load_breast_cancer</c>).</summary>
    /// <returns>Data float32 (N, F), target int32 (N), the class names and the description.</returns>
    public static TabularDataset Load() => SklearnResources.LoadWithHeader("breast_cancer.csv", "breast_cancer.rst");
}
