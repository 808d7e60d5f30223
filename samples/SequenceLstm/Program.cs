// A one-layer LSTM learns the sign of a sequence's sum, then a bidirectional GRU does the same with padded,
// masked sequences of different lengths.
// Run: dotnet run -c Release --project samples/SequenceLstm
using System.Diagnostics;
using Trellis;
using Trellis.Layers;
using Trellis.Models;
using Trellis.Optimizers;

const int Steps = 12;
var (x, y) = SignOfSum(2048, seed: 1);
var (xt, yt) = SignOfSum(512, seed: 2);

var model = new Sequential(
    new LSTM(16, inputShape: [Steps, 1]),
    new Dense(1, activation: "sigmoid"));
model.Compile(new Adam(learningRate: 0.01), "binary_crossentropy");
model.Summary();

var clock = Stopwatch.StartNew();
History history = model.Fit(x, y, epochs: 10, batchSize: 64, seed: 42);
Console.WriteLine($"Trained in {clock.Elapsed.TotalSeconds:0.0}s; final loss {history["loss"][^1]:0.0000}");
Console.WriteLine($"LSTM test accuracy {Accuracy(model.Predict(xt), yt):P1}");

// Variable-length sequences: steps past each length are padding (zeros), and the mask tells the layer to skip them.
var (padded, mask) = Padded(x);
var (paddedTest, maskTest) = Padded(xt);
Tensor target = MaskedSign(padded), targetTest = MaskedSign(paddedTest);
var bi = new Bidirectional(new GRU(8), mergeMode: "concat");
var head = new Dense(1, activation: "sigmoid");
var optimizer = new Adam(learningRate: 0.01);
var bce = new Trellis.Losses.BinaryCrossentropy();
for (int step = 0; step < 150; step++)
{
    int start = step * 64 % padded.Shape[0];
    Tensor xb = Ops.Slice(padded, [start, 0, 0], [64, Steps, 1]), mb = Ops.Slice(mask, [start, 0], [64, Steps]);
    using var tape = new GradientTape();
    Tensor loss = bce.Compute(Ops.Slice(target, [start, 0], [64, 1]), head.Apply(bi.Apply(xb, mb)));
    var variables = bi.TrainableVariables.Concat(head.TrainableVariables).ToArray();
    Tensor[] grads = tape.Gradient(loss, variables);
    optimizer.ApplyGradients(grads.Zip(variables, (g, v) => ((Tensor?)g, v)));
    if (step % 50 == 0)
    {
        Console.WriteLine($"masked step {step}: loss {loss.Item<float>():0.0000}");
    }
}
Console.WriteLine($"Bidirectional GRU (masked, lengths 3..{Steps}) test accuracy {Accuracy(head.Apply(bi.Apply(paddedTest, maskTest)), targetTest):P1}");

static (Tensor Padded, Tensor Mask) Padded(Tensor x)
{
    int count = x.Shape[0];
    var mask = new bool[count * Steps];
    for (int i = 0; i < count; i++)
    {
        int length = 3 + i % (Steps - 2);
        for (int t = 0; t < length; t++)
        {
            mask[i * Steps + t] = true;
        }
    }
    Tensor m = Tensor.Constant(mask, [count, Steps]);
    return (Ops.Where(Ops.ExpandDims(m, -1), x, Tensor.Scalar(0f)), m);
}

static (Tensor X, Tensor Y) SignOfSum(int count, int seed)
{
    Tensor x = Tensor.RandomNormal([count, Steps, 1], seed: seed);
    return (x, MaskedSign(x));
}

static Tensor MaskedSign(Tensor x) => Ops.Cast(Ops.Greater(Ops.Sum(x, axis: 1), Tensor.Scalar(0f)), DType.Float32);

static double Accuracy(Tensor predicted, Tensor expected) =>
    predicted.ToArray<float>().Zip(expected.ToArray<float>(), (p, y) => (p > 0.5f) == (y > 0.5f) ? 1.0 : 0.0).Average();
