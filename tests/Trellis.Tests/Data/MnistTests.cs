using System.IO.Compression;
using Trellis.Data;
using Trellis.Layers;
using Trellis.Models;

namespace Trellis.Tests.Data;

public class MnistTests
{
    [Fact]
    public void Load_Subset_HasKerasShapesAndBalancedLabels()
    {
        var ((xTrain, yTrain), (xTest, yTest)) = Datasets.Mnist.Load();

        Assert.Equal(new Shape(8000, 28, 28), xTrain.Shape);
        Assert.Equal(new Shape(8000), yTrain.Shape);
        Assert.Equal(new Shape(2000, 28, 28), xTest.Shape);
        Assert.Equal(new Shape(2000), yTest.Shape);
        Assert.Equal(DType.UInt8, xTrain.DType);
        Assert.Equal(DType.UInt8, yTest.DType);
        var counts = yTrain.ToArray<byte>().GroupBy(b => b).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(10, counts.Count);
        Assert.All(counts.Values, c => Assert.InRange(c, 600, 1000));
        Assert.Equal(255, xTrain.ToArray<byte>().Max());
    }

    [Fact]
    public void Fit_TwoEpochsOnSubset_ReachesNinetyPercent()
    {
        var ((xTrain, yTrain), (xTest, yTest)) = Datasets.Mnist.Load();
        Tensor x = Ops.Reshape(Ops.Cast(xTrain, DType.Float32), [8000, 784]) / 255.0;
        Tensor y = Ops.OneHot(Ops.Cast(yTrain, DType.Int32), 10);
        Tensor xt = Ops.Reshape(Ops.Cast(xTest, DType.Float32), [2000, 784]) / 255.0;
        Tensor yt = Ops.OneHot(Ops.Cast(yTest, DType.Int32), 10);
        var model = new Sequential(
            new Dense(128, activation: "relu", inputShape: [784]) { KernelInitializer = new Trellis.Initializers.GlorotUniform(seed: 1) },
            new Dense(10, activation: "softmax") { KernelInitializer = new Trellis.Initializers.GlorotUniform(seed: 2) });
        model.Compile(optimizer: "adam", loss: "categorical_crossentropy", metrics: ["accuracy"]);

        var history = model.Fit(x, y, epochs: 2, batchSize: 32, verbose: 0, seed: 42);
        var result = model.Evaluate(xt, yt);

        Assert.True(history["loss"][1] < history["loss"][0]);
        Assert.True(result["accuracy"] >= 0.90, $"test accuracy {result["accuracy"]}");
    }

    [Fact]
    public void IdxRead_GzipAndPlain_SameTensor()
    {
        byte[] raw = [0, 0, 0x08, 2, 0, 0, 0, 2, 0, 0, 0, 3, 1, 2, 3, 4, 5, 6];
        var compressed = new MemoryStream();
        using (var gz = new GZipStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            gz.Write(raw);
        }
        compressed.Position = 0;

        var plain = Idx.Read(new MemoryStream(raw));
        var unzipped = Idx.Read(compressed);

        Assert.Equal(new Shape(2, 3), plain.Shape);
        Assert.Equal(new byte[] { 1, 2, 3, 4, 5, 6 }, unzipped.ToArray<byte>());
    }

    [Fact]
    public void IdxRead_TruncatedData_ThrowsWithSizes()
    {
        byte[] raw = [0, 0, 0x08, 1, 0, 0, 0, 5, 1, 2];

        var ex = Assert.Throws<InvalidDataException>(() => Idx.Read(new MemoryStream(raw)));

        Assert.Contains("needs 5 data bytes, but the file has 2", ex.Message, StringComparison.Ordinal);
    }
}
