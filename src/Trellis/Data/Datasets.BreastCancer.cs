namespace Trellis.Data;

public static partial class Datasets
{
    /// <summary>
    /// Wisconsin diagnostic breast cancer (scikit-learn's copy, BSD-3-Clause): 569 samples, 30 features of cell nuclei,
    /// 2 classes (0 = malignant, 1 = benign).
    /// </summary>
    public static class BreastCancer
    {
        /// <summary>Loads the data.</summary>
        /// <returns>(x float32 (569, 30), y int32 (569) in 0..1).</returns>
        public static (Tensor X, Tensor Y) Load() => FeaturesAndLabels(Resource(ResourceStream("breast_cancer.csv"), skipRows: 1));
    }
}
