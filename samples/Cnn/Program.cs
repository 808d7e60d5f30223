// A small CNN, seeded so every run is the same, (Conv2D-MaxPool-Conv2D-MaxPool-Flatten-Dense) on the bundled MNIST subset.
// Run: dotnet run -c Release --project samples/Cnn
using System.Diagnostics;
using Trellis;
using Trellis.Data;
using Trellis.Initializers;
using Trellis.Layers;
using Trellis.Losses;
using Trellis.Models;
using Trellis.Optimizers;

var ((xTrain, yTrain), (xTest, yTest)) = Datasets.Mnist.Load();
Tensor x = Images(xTrain), xt = Images(xTest);
Tensor y = Ops.Cast(yTrain, DType.Int32), yt = Ops.Cast(yTest, DType.Int32);

var model = new Sequential(
    new Conv2D(16, [3, 3], activation: "relu", inputShape: [28, 28, 1]) { KernelInitializer = new GlorotUniform(seed: 1) },
    new MaxPooling2D([2, 2]),
    new Conv2D(32, [3, 3], activation: "relu") { KernelInitializer = new GlorotUniform(seed: 2) },
    new MaxPooling2D([2, 2]),
    new Flatten(),
    new Dense(10, activation: "softmax") { KernelInitializer = new GlorotUniform(seed: 3) });
model.Compile(new Adam(learningRate: 0.002), new SparseCategoricalCrossentropy(), ["accuracy"]);
model.Summary();

var clock = Stopwatch.StartNew();
model.Fit(x, y, epochs: 5, batchSize: 32, seed: 4);
Console.WriteLine($"Trained in {clock.Elapsed.TotalSeconds:0.0}s");
var result = model.Evaluate(xt, yt);
Console.WriteLine($"Test loss {result["loss"]:0.0000}, test accuracy {result["accuracy"]:P2}");
return result["accuracy"] >= 0.97 ? 0 : 1;

// uint8 (N, 28, 28) -> float32 (N, 28, 28, 1) in [0, 1]
static Tensor Images(Tensor images) => Ops.Reshape(Ops.Cast(images, DType.Float32), [images.Shape[0], 28, 28, 1]) / 255.0;
