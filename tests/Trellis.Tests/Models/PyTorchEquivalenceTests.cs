using System.Runtime.CompilerServices;
using System.Text.Json;
using Trellis.Data;
using Trellis.Layers;
using Trellis.Models;
using Trellis.Optimizers;

namespace Trellis.Tests.Models;

/// <summary>The seed MLP trained for 50 steps equals PyTorch (golden file from tools/reference/mlp_equivalence.py).</summary>
public class PyTorchEquivalenceTests
{
    [Theory]
    [InlineData("sgd")]
    [InlineData("adam")]
    public void SeedMlp_50Steps_WeightsMatchPyTorch(string optimizerName)
    {
        var golden = LoadGolden().GetProperty(optimizerName);
        var ((images, labels), _) = Datasets.Mnist.Load();
        const int n = 50 * 32;
        var x = Ops.Slice(Ops.Reshape(Ops.Cast(images, DType.Float64), [8000, 784]) / 255.0, [0, 0], [n, 784]);
        var y = Ops.OneHot(Ops.Slice(Ops.Cast(labels, DType.Int32), [0], [n]), 10, dtype: DType.Float64);
        var dense0 = new Dense(128, activation: "relu", dtype: DType.Float64);
        var dense1 = new Dense(10, activation: "softmax", dtype: DType.Float64);
        var model = new Sequential([dense0, dense1], name: null, dtype: DType.Float64);
        model.Predict(Ops.Slice(x, [0, 0], [1, 784]));
        model.SetWeights([Initial(784, 128, 0.05, 0.37, 1.13, 0.5), Tensor.Constant(Enumerable.Range(0, 128).Select(j => 0.01 * Math.Cos(j)).ToArray(), [128]),
            Initial(128, 10, 0.1, 0.71, 0.29, 0.1), Tensor.Zeros([10], DType.Float64)]);
        model.Compile(optimizerName == "sgd" ? new SGD(learningRate: 0.1) : new Adam(learningRate: 0.001), "categorical_crossentropy");

        var losses = golden.GetProperty("losses").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        for (int step = 0; step < 50; step++)
        {
            var logs = model.TrainOnBatch(Ops.Slice(x, [step * 32, 0], [32, 784]), Ops.Slice(y, [step * 32, 0], [32, 10]));
            // The logged loss passes through the float32 loss tracker, as in Keras.
            Assert.Equal(losses[step], logs["loss"], 1e-6 * losses[step]);
        }

        AssertClose(golden.GetProperty("bias0"), dense0.Bias!.ToArray<double>(), 1);
        AssertClose(golden.GetProperty("kernel1"), dense1.Kernel!.ToArray<double>(), 1);
        AssertClose(golden.GetProperty("bias1"), dense1.Bias!.ToArray<double>(), 1);
        AssertClose(golden.GetProperty("kernel0_every_97"), dense0.Kernel!.ToArray<double>(), 97);
    }

    private static void AssertClose(JsonElement expected, double[] actual, int stride)
    {
        int i = 0;
        foreach (var e in expected.EnumerateArray())
        {
            Assert.True(Math.Abs(e.GetDouble() - actual[i * stride]) <= 1e-10, $"element {i * stride}: expected {e.GetDouble():R}, got {actual[i * stride]:R}");
            i++;
        }
        Assert.Equal((actual.Length + stride - 1) / stride, i);
    }

    // The same formula as tools/reference/mlp_equivalence.py: w[i, j] = scale * sin(a * i + b * j + c).
    private static Tensor Initial(int rows, int cols, double scale, double a, double b, double c)
    {
        var values = new double[rows * cols];
        for (int i = 0; i < rows; i++)
        {
            for (int j = 0; j < cols; j++)
            {
                values[i * cols + j] = scale * Math.Sin(a * i + b * j + c);
            }
        }
        return Tensor.Constant(values, [rows, cols]);
    }

    private static JsonElement LoadGolden([CallerFilePath] string here = "")
        => JsonDocument.Parse(File.ReadAllText(Path.Combine(Path.GetDirectoryName(here)!, "TestData", "mlp_equivalence.json"))).RootElement;
}
