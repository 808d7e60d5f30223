namespace Trellis.Data;

/// <summary>scikit-learn's Iris data set (150 flowers, 4 measurements (sepal length and width, petal length and width, in cm), 3 species (setosa, versicolor, virginica)), shipped inside Trellis.</summary>
/// <remarks>Copied from scikit-learn 1.2.1 (BSD-3-Clause); <see cref="TabularDataset.Description"/> names the original source.</remarks>
public static class Iris
{
    /// <summary>Loads the data set (as scikit-learn's <c>load_iris</c>).</summary>
    /// <returns>Data float32 (N, F), target int32 (N), the class names and the description.</returns>
    public static TabularDataset Load() => SklearnResources.LoadWithHeader("iris.csv", "iris.rst");
}
