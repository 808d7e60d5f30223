using System.IO.Compression;
using Trellis.Data;
using Trellis.Tests.TestSupport;

namespace Trellis.Tests.Data;

public class FashionMnistTests
{
    [Fact]
    public void Load_DefaultDirectory_LoadsWhenInstalled_OtherwiseNamesThePackage()
    {
        if (File.Exists(Path.Combine(Datasets.FashionMnist.DefaultDirectory, "train-images-idx3-ubyte.gz")))
        {
            var ((xTrain, yTrain), (xTest, yTest)) = Datasets.FashionMnist.Load();
            Assert.Equal(new Shape([60000, 28, 28]), xTrain.Shape);
            Assert.Equal(new Shape([60000]), yTrain.Shape);
            Assert.Equal(new Shape([10000, 28, 28]), xTest.Shape);
            Assert.Equal([9, 2, 1, 1, 6, 1, 4, 6, 5, 7], yTest.ToArray<byte>()[..10].Select(b => (int)b));
        }
        else
        {
            var e = Assert.Throws<FileNotFoundException>(() => Datasets.FashionMnist.Load());
            Assert.Contains("apt-get install dataset-fashion-mnist", e.Message, StringComparison.Ordinal);
            Assert.Contains(Datasets.FashionMnist.DefaultDirectory, e.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Load_MissingFolder_NamesTheMissingFileAndPackage()
    {
        var e = Assert.Throws<FileNotFoundException>(() => Datasets.FashionMnist.Load("/nonexistent/fashion"));
        Assert.Contains("train-images-idx3-ubyte.gz", e.Message, StringComparison.Ordinal);
        Assert.Contains("dataset-fashion-mnist", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_DebianFiles_TestSplitShapesAndFirstLabels()
    {
        // The shared fixtures hold the package's test split and training labels (MANIFEST 4b); the 26 MB training
        // images were not copied, so a 2-image stand-in fills that slot.
        string source = TestSupport.Fixtures.Path("datasets", "debian_fashion_mnist");
        string dir = Path.Combine(Path.GetTempPath(), "trellis-fashion-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            using (var images = File.Create(Path.Combine(dir, "t10k-images-idx3-ubyte.gz")))
            {
                foreach (string part in new[] { "part0", "part1" })
                {
                    using var input = File.OpenRead(Path.Combine(source, "t10k-images-idx3-ubyte.gz." + part));
                    input.CopyTo(images);
                }
            }
            File.Copy(Path.Combine(source, "t10k-labels-idx1-ubyte.gz"), Path.Combine(dir, "t10k-labels-idx1-ubyte.gz"));
            File.Copy(Path.Combine(source, "train-labels-idx1-ubyte.gz"), Path.Combine(dir, "train-labels-idx1-ubyte.gz"));
            using (var gz = new GZipStream(File.Create(Path.Combine(dir, "train-images-idx3-ubyte.gz")), CompressionLevel.Fastest))
            {
                gz.Write([0, 0, 0x08, 3, 0, 0, 0, 2, 0, 0, 0, 28, 0, 0, 0, 28]);
                gz.Write(new byte[2 * 28 * 28]);
            }

            var ((xTrain, yTrain), (xTest, yTest)) = Datasets.FashionMnist.Load(dir);

            Assert.Equal(new Shape([2, 28, 28]), xTrain.Shape);
            Assert.Equal(new Shape([60000]), yTrain.Shape);
            Assert.Equal(new Shape([10000, 28, 28]), xTest.Shape);
            Assert.Equal(DType.UInt8, xTest.DType);
            Assert.Equal([9, 2, 1, 1, 6, 1, 4, 6, 5, 7], yTest.ToArray<byte>()[..10].Select(b => (int)b));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
