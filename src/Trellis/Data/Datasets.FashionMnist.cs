namespace Trellis.Data;

public static partial class Datasets
{
    /// <summary>Fashion-MNIST (Zalando, MIT), read from the files Debian's <c>dataset-fashion-mnist</c> package installs.</summary>
    public static class FashionMnist
    {
        /// <summary>Where Debian's package puts the files.</summary>
        public const string DefaultDirectory = "/usr/share/datasets/fashion-mnist";

        /// <summary>Loads the 60,000 training and 10,000 test images.</summary>
        /// <param name="directory">The directory with the four original gzip IDX files; <see cref="DefaultDirectory"/> when null.</param>
        /// <returns>((xTrain uint8 (60000, 28, 28), yTrain uint8 (60000)), (xTest uint8 (10000, 28, 28), yTest uint8 (10000))).</returns>
        /// <exception cref="FileNotFoundException">A file is missing; the message says how to install the package.</exception>
        public static ((Tensor XTrain, Tensor YTrain), (Tensor XTest, Tensor YTest)) Load(string? directory = null)
        {
            directory ??= DefaultDirectory;
            Tensor Read(string name)
            {
                string path = Path.Combine(directory, name);
                if (!File.Exists(path))
                {
                    throw new FileNotFoundException($"Fashion-MNIST file '{path}' not found. Install Debian's dataset-fashion-mnist package (sudo apt-get install dataset-fashion-mnist), or pass the directory holding train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz and t10k-labels-idx1-ubyte.gz.", path);
                }
                return Idx.Read(path);
            }
            return ((Read("train-images-idx3-ubyte.gz"), Read("train-labels-idx1-ubyte.gz")), (Read("t10k-images-idx3-ubyte.gz"), Read("t10k-labels-idx1-ubyte.gz")));
        }
    }
}
