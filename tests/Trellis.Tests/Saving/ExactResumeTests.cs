using Trellis.Layers;
using Trellis.Models;
using Trellis.Optimizers;

namespace Trellis.Tests.Saving;

public sealed class ExactResumeTests
{
    private static readonly Tensor s_x = Tensor.RandomNormal([64, 12], seed: 11);
    private static readonly Tensor s_y = Ops.OneHot(Tensor.Constant(Enumerable.Range(0, 64).Select(i => i % 3).ToArray(), [64]), 3);

    // Dropout without a seed: the archive must carry the seed it drew and its position in the stream.
    private static Sequential NewModel(Optimizer optimizer)
    {
        var model = new Sequential(
            new Dense(16, activation: "relu", inputShape: [12]),
            new Dropout(0.3),
            new Dense(8, activation: "tanh"),
            new Dropout(0.2),
            new Dense(3, activation: "softmax"));
        model.Compile(optimizer, "categorical_crossentropy", ["accuracy"]);
        return model;
    }

    public static TheoryData<string> Optimizers => ["adam", "sgd_nesterov", "rmsprop_centered"];

    private static Optimizer MakeOptimizer(string name) => name switch
    {
        "adam" => new Adam(learningRate: 0.01, amsgrad: true),
        "sgd_nesterov" => new SGD(learningRate: 0.05, momentum: 0.9, nesterov: true),
        _ => new RMSprop(learningRate: 0.01, momentum: 0.5, centered: true),
    };

    [Theory]
    [MemberData(nameof(Optimizers))]
    public void Fit_OneEpochSaveLoadOneEpoch_BitIdenticalToTwoEpochsStraight(string optimizer)
    {
        var straight = NewModel(MakeOptimizer(optimizer));
        straight.Fit(s_x, s_y, epochs: 1, batchSize: 10, verbose: 0, shuffle: true, seed: 1);
        byte[] archive = SavingTestSupport.SaveToBytes(straight);
        straight.Fit(s_x, s_y, epochs: 1, batchSize: 10, verbose: 0, shuffle: true, seed: 2);

        // A new object from the archive; its Dropout layers must continue the same random streams.
        Model resumed = Trellis.Saving.ModelArchive.Load(archive, "resume.trellis");
        resumed.Fit(s_x, s_y, epochs: 1, batchSize: 10, verbose: 0, shuffle: true, seed: 2);

        SavingTestSupport.AssertWeightsBitEqual(straight, resumed);
        SavingTestSupport.AssertOptimizerStateBitEqual(straight, resumed);
        TestSupport.TensorAssert.BitEqual(straight.Predict(s_x), resumed.Predict(s_x));
    }

    [Fact]
    public void Fit_AfterLoad_DropoutMasksContinueTheSavedStream()
    {
        // Sanity check that the test above can fail: a fresh Dropout stream gives different training.
        var straight = NewModel(new SGD(0.05));
        straight.Fit(s_x, s_y, epochs: 1, batchSize: 10, verbose: 0, seed: 1);
        byte[] archive = SavingTestSupport.SaveToBytes(straight);
        Model resumed = Trellis.Saving.ModelArchive.Load(archive, "resume.trellis");
        var reference = Trellis.Saving.ModelArchive.Load(archive, "resume.trellis");
        resumed.Fit(s_x, s_y, epochs: 1, batchSize: 10, verbose: 0, seed: 2);
        reference.Fit(s_x, s_y, epochs: 1, batchSize: 10, verbose: 0, seed: 2);
        SavingTestSupport.AssertWeightsBitEqual(resumed, reference);

        var restarted = Trellis.Saving.ModelArchive.Load(archive, "resume.trellis");
        foreach (var dropout in restarted.Layers.OfType<Dropout>())
        {
            dropout.SeedGenerator.State.Assign(Tensor.Constant(new[] { dropout.SeedGenerator.Seed, 0L }, [2]));
        }
        restarted.Fit(s_x, s_y, epochs: 1, batchSize: 10, verbose: 0, seed: 2);
        Assert.NotEqual(resumed.GetWeights()[0].ToArray<float>(), restarted.GetWeights()[0].ToArray<float>());
    }
}
