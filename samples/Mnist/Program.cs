// The seed model on the bundled MNIST subset: train, evaluate, save, reload, compare.
// Run: dotnet run -c Release --project samples/Mnist
using System.Diagnostics;
using Trellis;
using Trellis.Checkpoints;
using Trellis.Data;
using Trellis.Layers;
using Trellis.Models;

var ((xTrain, yTrain), (xTest, yTest)) = Datasets.Mnist.Load();
Tensor x = Pixels(xTrain), xt = Pixels(xTest);
Tensor y = OneHot(yTrain), yt = OneHot(yTest);
Console.WriteLine($"MNIST subset: {x.Shape[0]} training and {xt.Shape[0]} test images");

var model = NewModel();
model.Compile(optimizer: "adam", loss: "categorical_crossentropy", metrics: ["accuracy"]);
model.Summary();

var clock = Stopwatch.StartNew();
History history = model.Fit(x, y, epochs: 10, batchSize: 32, seed: 42);
Console.WriteLine($"Trained in {clock.Elapsed.TotalSeconds:0.0}s; final loss {history["loss"][^1]:0.0000}");

var result = model.Evaluate(xt, yt);
Console.WriteLine($"Test loss {result["loss"]:0.0000}, test accuracy {result["accuracy"]:P2}");

string directory = Path.Combine(Path.GetTempPath(), "trellis-mnist");
string path = new Checkpoint(("model", model)).Save(Path.Combine(directory, "ckpt"));
Console.WriteLine($"Saved weights and optimizer state to {path}");

var reloaded = NewModel();
reloaded.Compile(optimizer: "adam", loss: "categorical_crossentropy", metrics: ["accuracy"]);
new Checkpoint(("model", reloaded)).Restore(path).AssertExistingObjectsMatched();
bool same = model.Predict(xt).ToArray<float>().AsSpan().SequenceEqual(reloaded.Predict(xt).ToArray<float>());
Console.WriteLine($"Reloaded model gives identical predictions: {same}");

return same && result["accuracy"] >= 0.94 ? 0 : 1;

static Sequential NewModel() => new(
    new Dense(128, activation: "relu", inputShape: [784]),
    new Dense(10, activation: "softmax"));

// uint8 (N, 28, 28) -> float32 (N, 784) in [0, 1]
static Tensor Pixels(Tensor images) => Ops.Reshape(Ops.Cast(images, DType.Float32), [images.Shape[0], 784]) / 255.0;

// uint8 labels (N) -> one-hot float32 (N, 10)
static Tensor OneHot(Tensor labels) => Ops.OneHot(Ops.Cast(labels, DType.Int32), 10);
