namespace Trellis.Data;

/// <summary>scikit-learn's Wine data set (178 wines, 13 chemical measurements, 3 cultivars (class_0, class_1, class_2)), shipped inside Trellis.</summary>
/// <remarks>Copied from scikit-learn 1.2.1 (BSD-3-Clause); <see cref="TabularDataset.Description"/> names the original source.</remarks>
public static class Wine
{
    /// <summary>Loads the data set (as scikit-learn's <c>load_wine</c>).</summary>
    /// <returns>Data float32 (N, F), target int32 (N), the class names and the description.</returns>
    public static TabularDataset Load() => SklearnResources.LoadWithHeader("wine_data.csv", "wine_data.rst");
}
