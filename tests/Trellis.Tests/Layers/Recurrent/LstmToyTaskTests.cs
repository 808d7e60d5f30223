using System.Diagnostics;
using Trellis.Initializers;
using Trellis.Layers;
using Trellis.Models;
using Trellis.Optimizers;

namespace Trellis.Tests.Layers.Recurrent;

/// <summary>A one-layer LSTM learns a sequence task end to end through Sequential.Fit: the sign of a sequence's sum.</summary>
public class LstmToyTaskTests
{
    [Fact]
    public void Lstm_SignOfSequenceSum_LearnsAbove90PercentTestAccuracy()
    {
        const int Steps = 10;
        var (trainX, trainY) = Data(512, Steps, seed: 1);
        var (testX, testY) = Data(256, Steps, seed: 2);
        var model = new Sequential(
            new LSTM(8, inputShape: [Steps, 1]),
            new Dense(1, activation: "sigmoid"));
        // Seeded initial weights so the test is deterministic (the layers' own initializers draw fresh values).
        int seed = 100;
        foreach (Variable v in model.Variables)
        {
            if (v.Shape.Rank == 2)
            {
                v.Assign(new GlorotUniform(seed: seed++).Create(v.Shape, v.DType));
            }
        }
        model.Compile(new Adam(learningRate: 0.01), "binary_crossentropy");

        var clock = Stopwatch.StartNew();
        History history = model.Fit(trainX, trainY, batchSize: 32, epochs: 15, verbose: 0, seed: 3);
        clock.Stop();

        float[] predicted = model.Predict(testX).ToArray<float>();
        float[] expected = testY.ToArray<float>();
        double accuracy = predicted.Zip(expected, (p, y) => (p > 0.5f) == (y > 0.5f) ? 1.0 : 0.0).Average();
        Assert.True(history["loss"][^1] < history["loss"][0], $"loss did not fall: {string.Join(", ", history["loss"])}");
        Assert.True(accuracy >= 0.9, $"test accuracy {accuracy:P1} after 15 epochs ({clock.Elapsed.TotalSeconds:F1} s); losses {string.Join(", ", history["loss"].Select(l => l.ToString("F3", System.Globalization.CultureInfo.InvariantCulture)))}");
    }

    private static (Tensor X, Tensor Y) Data(int count, int steps, int seed)
    {
        Tensor x = Tensor.RandomNormal([count, steps, 1], seed: seed);
        float[] values = x.ToArray<float>();
        var y = new float[count];
        for (int i = 0; i < count; i++)
        {
            float sum = 0;
            for (int t = 0; t < steps; t++)
            {
                sum += values[i * steps + t];
            }
            y[i] = sum > 0 ? 1f : 0f;
        }
        return (x, Tensor.Constant(y, [count, 1]));
    }
}
