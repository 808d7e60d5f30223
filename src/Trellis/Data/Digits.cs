namespace Trellis.Data;

/// <summary>scikit-learn's optical digits data set: 1,797 images of 8x8 pixels (values 0..16), 10 classes (digits 0..9).</summary>
/// <remarks>Copied from scikit-learn 1.2.1 (BSD-3-Clause); <see cref="TabularDataset.Description"/> names the original source.</remarks>
public static class Digits
{
    private static readonly string[] s_names = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"];

    /// <summary>Loads the data set (as scikit-learn's <c>load_digits</c>).</summary>
    /// <returns>Data float32 (1797, 64) (reshape to (1797, 8, 8) for images), target int32 (1797), class names "0".."9", description.</returns>
    public static TabularDataset Load() => SklearnResources.LoadPlain("digits.csv.gz", "digits.rst", s_names);
}
