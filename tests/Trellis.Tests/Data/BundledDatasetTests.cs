using Trellis.Data;
using Trellis.Layers;
using Trellis.Models;

namespace Trellis.Tests.Data;

public class BundledDatasetTests
{
    [Fact]
    public void Iris_Load_MatchesSklearn()
    {
        var (x, y) = Datasets.Iris.Load();

        Assert.Equal(new Shape(150, 4), x.Shape);
        Assert.Equal([5.1f, 3.5f, 1.4f, 0.2f], x.ToArray<float>()[..4]);
        Assert.Equal([50, 50, 50], y.ToArray<int>().GroupBy(v => v).Select(g => g.Count()));
    }

    [Fact]
    public void WineAndDigits_Load_HaveSklearnShapes()
    {
        var (wx, wy) = Datasets.Wine.Load();
        var (dx, dy) = Datasets.Digits.Load();

        Assert.Equal(new Shape(178, 13), wx.Shape);
        Assert.Equal(14.23f, wx.ToArray<float>()[0]);
        Assert.Equal(3, wy.ToArray<int>().Distinct().Count());
        Assert.Equal(new Shape(1797, 64), dx.Shape);
        Assert.Equal(16f, dx.ToArray<float>().Max());
        Assert.Equal(10, dy.ToArray<int>().Distinct().Count());
    }

    [Fact]
    public void Iris_SoftmaxRegression_LearnsAboveNinetyPercent()
    {
        var (x, y) = Datasets.Iris.Load();
        var model = new Sequential(new Dense(3, activation: "softmax", inputShape: [4]) { KernelInitializer = new Trellis.Initializers.GlorotUniform(seed: 1) });
        model.Compile(new Trellis.Optimizers.Adam(learningRate: 0.05), "sparse_categorical_crossentropy", ["accuracy"]);

        model.Fit(x, y, epochs: 60, batchSize: 16, verbose: 0, seed: 3);

        Assert.True(model.Evaluate(x, y)["accuracy"] > 0.9);
    }

    [Fact]
    public void Csv_BadField_NamesLine()
    {
        var ex = Assert.Throws<InvalidDataException>(() => Csv.Read(new MemoryStream("1,2\n3,x\n"u8.ToArray())));
        Assert.Contains("line 2", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FashionMnist_Missing_MessageNamesDebianPackage()
    {
        var ex = Assert.Throws<FileNotFoundException>(() => Datasets.FashionMnist.Load(Path.Combine(Path.GetTempPath(), "no-such-fashion-dir")));
        Assert.Contains("dataset-fashion-mnist", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Idx_RealFashionMnistLabels_FirstTenMatchManifest()
    {
        var labels = Idx.Read(Trellis.Tests.TestSupport.Fixtures.Path("datasets", "debian_fashion_mnist", "t10k-labels-idx1-ubyte.gz"));
        Assert.Equal(new Shape(10000), labels.Shape);
        Assert.Equal(new byte[] { 9, 2, 1, 1, 6, 1, 4, 6, 5, 7 }, labels.ToArray<byte>()[..10]);
    }
}
