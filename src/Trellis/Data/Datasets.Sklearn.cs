namespace Trellis.Data;

public static partial class Datasets
{
    /// <summary>Fisher's iris flowers (scikit-learn's copy, BSD-3-Clause): 150 samples, 4 features, 3 classes.</summary>
    public static class Iris
    {
        /// <summary>Loads the data.</summary>
        /// <returns>(x float32 (150, 4), y int32 (150) in 0..2).</returns>
        public static (Tensor X, Tensor Y) Load() => FeaturesAndLabels(Resource(ResourceStream("iris.csv"), skipRows: 1));
    }

    /// <summary>Wine recognition (scikit-learn's copy, BSD-3-Clause): 178 samples, 13 features, 3 classes.</summary>
    public static class Wine
    {
        /// <summary>Loads the data.</summary>
        /// <returns>(x float32 (178, 13), y int32 (178) in 0..2).</returns>
        public static (Tensor X, Tensor Y) Load() => FeaturesAndLabels(Resource(ResourceStream("wine_data.csv"), skipRows: 1));
    }

    /// <summary>Handwritten digits, 8x8 (scikit-learn's copy, BSD-3-Clause): 1,797 samples of 64 pixels in 0..16.</summary>
    public static class Digits
    {
        /// <summary>Loads the data.</summary>
        /// <returns>(x float32 (1797, 64), y int32 (1797) in 0..9).</returns>
        public static (Tensor X, Tensor Y) Load() => FeaturesAndLabels(Resource(ResourceStream("digits.csv.gz"), skipRows: 0));
    }

    private static Tensor Resource(Stream stream, int skipRows)
    {
        using (stream)
        {
            return Csv.Read(stream, ',', skipRows);
        }
    }

    // The last column is the label.
    private static (Tensor X, Tensor Y) FeaturesAndLabels(Tensor table)
    {
        int rows = table.Shape[0], cols = table.Shape[1];
        var x = Ops.Cast(Ops.Slice(table, [0, 0], [rows, cols - 1]), DType.Float32);
        var y = Ops.Cast(Ops.Reshape(Ops.Slice(table, [0, cols - 1], [rows, 1]), [rows]), DType.Int32);
        return (x, y);
    }
}
