namespace Trellis.Data;

/// <summary>
/// Zalando's Fashion-MNIST (60,000 training and 10,000 test images of 28x28 clothing items, 10 classes), read from
/// the files Debian's <c>dataset-fashion-mnist</c> package installs. Trellis does not ship it (30 MB) and never
/// downloads it.
/// </summary>
public static class FashionMnist
{
    /// <summary>Where Debian's <c>dataset-fashion-mnist</c> package installs the files.</summary>
    public const string DefaultDirectory = "/usr/share/datasets/fashion-mnist";

    /// <summary>The package that provides the files.</summary>
    public const string DebianPackage = "dataset-fashion-mnist";

    private static readonly string[] s_files =
    [
        "train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz",
    ];

    /// <summary>The class names, indexed by label (T-shirt/top = 0 ... Ankle boot = 9).</summary>
    public static IReadOnlyList<string> ClassNames { get; } =
        ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    /// <summary>Loads the data set from <paramref name="directory"/> (as Keras's <c>fashion_mnist.load_data</c>).</summary>
    /// <param name="directory">The folder holding the four gzip IDX files; <see cref="DefaultDirectory"/> when null.</param>
    /// <returns>
    /// ((xTrain, yTrain), (xTest, yTest)): images uint8 (N, 28, 28), labels uint8 (N) in 0..9; N = 60,000 and 10,000.
    /// </returns>
    /// <exception cref="FileNotFoundException">A file is missing; the message names it and the Debian package to install.</exception>
    /// <exception cref="InvalidDataException">A file is not valid IDX.</exception>
    public static ((Tensor XTrain, Tensor YTrain), (Tensor XTest, Tensor YTest)) Load(string? directory = null)
    {
        directory ??= DefaultDirectory;
        foreach (string file in s_files)
        {
            string path = Path.Combine(directory, file);
            if (!File.Exists(path))
            {
                throw new FileNotFoundException(
                    $"Fashion-MNIST file '{path}' was not found. Trellis reads Fashion-MNIST from Debian's {DebianPackage} package: "
                    + $"install it with 'sudo apt-get install {DebianPackage}' (it puts the four gzip IDX files in {DefaultDirectory}), "
                    + "or pass the folder that holds train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz and t10k-labels-idx1-ubyte.gz.",
                    path);
            }
        }
        Tensor Read(int i) => Idx.Read(Path.Combine(directory, s_files[i]));
        return ((Read(0), Read(1)), (Read(2), Read(3)));
    }
}
