using Trellis.Layers;
using Trellis.Models;
using Trellis.Optimizers;

namespace Trellis.Peers;

/// <summary>
/// The seed MLP (784-128-10, relu then softmax, Adam, categorical crossentropy) trained through the Keras API as a
/// user would: Sequential + Compile + Fit(verbose 0), one epoch of random data, shuffled, the loss read every step
/// (Fit logs it after each batch).
/// </summary>
internal static class MlpWorkload
{
    public static double TrainSamplesPerSecond(int batchSize, int samples, bool runEagerly = false)
    {
        var (x, y) = Data(samples);
        var model = Build();
        // Fit runs its traced train step by default; runEagerly is the op-by-op path (Keras's run_eagerly).
        model.Compile(new Adam(), "categorical_crossentropy", runEagerly: runEagerly);
        // Warm-up: a short fit on the first rows, so the timed epoch does not pay for JIT compilation.
        int warm = Math.Min(samples, batchSize * 20);
        model.Fit(Ops.Slice(x, [0, 0], [warm, 784]), Ops.Slice(y, [0, 0], [warm, 10]), batchSize: batchSize, epochs: 1, verbose: 0, seed: 1);
        double t = Timing.Seconds(() => model.Fit(x, y, batchSize: batchSize, epochs: 1, verbose: 0, shuffle: true, seed: 2));
        return samples / t;
    }

    public static double InferSamplesPerSecond(int batchSize, double seconds)
    {
        var (x, _) = Data(batchSize);
        var model = Build();
        double perCall = Timing.MedianCallSeconds(() => model.Predict(x, batchSize: batchSize), seconds);
        return batchSize / perCall;
    }

    private static Sequential Build() => new(new Dense(128, "relu", inputShape: [784]), new Dense(10, "softmax"));

    private static (Tensor X, Tensor Y) Data(int samples)
    {
        var x = Tensor.RandomUniform([samples, 784], seed: 3);
        var labels = new int[samples];
        var random = new Random(4);
        for (int i = 0; i < samples; i++)
        {
            labels[i] = random.Next(10);
        }
        var y = Ops.OneHot(Tensor.Constant(labels, [samples]), 10);
        return (x, y);
    }
}
