using Trellis.Callbacks;
using Trellis.Layers;
using Trellis.Models;
using Trellis.Tests.TestSupport;

namespace Trellis.Tests.Callbacks;

public class EarlyStoppingTests
{
    [Fact]
    public void Fit_NoImprovement_StopsAfterPatienceAndRestoresBest()
    {
        var model = new Sequential(new Dense(1, inputShape: [2]));
        model.Compile(new Trellis.Optimizers.SGD(learningRate: 0.0), "mse");
        var x = Tensor.RandomNormal([8, 2], seed: 1);
        var y = Tensor.RandomNormal([8, 1], seed: 2);
        var initial = model.GetWeights();
        var stop = new EarlyStopping(monitor: "loss", minDelta: 1e-6, patience: 2, restoreBestWeights: true);

        var history = model.Fit(x, y, epochs: 10, batchSize: 4, verbose: 0, callbacks: [stop], seed: 3);

        // A zero learning rate never improves the loss (beyond float rounding, hence minDelta): epoch 0 is best, training stops at epoch 2.
        Assert.Equal(3, history["loss"].Count);
        Assert.Equal(2, stop.StoppedEpoch);
        Assert.Equal(0, stop.BestEpoch);
        TensorAssert.BitEqual(initial[0], model.GetWeights()[0]);
    }

    [Fact]
    public void Fit_MonitorMissing_ThrowsListingLoggedValues()
    {
        var model = new Sequential(new Dense(1, inputShape: [2]));
        model.Compile("sgd", "mse");

        var ex = Assert.Throws<KeyNotFoundException>(() => model.Fit(Tensor.Ones([4, 2]), Tensor.Ones([4, 1]), verbose: 0, callbacks: [new EarlyStopping()]));

        Assert.Contains("val_loss", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Logged values: loss", ex.Message, StringComparison.Ordinal);
    }
}
