using Trellis.Layers;
using Trellis.Models;
using Trellis.Regularizers;
using Trellis.Saving;
using Trellis.Tests.TestSupport;

namespace Trellis.Tests.Saving;

public sealed class RecurrentRoundTripTests
{
    public static TheoryData<string> LayerNames =>
    [
        "SimpleRNN", "LSTM", "GRU", "RNN", "Bidirectional", "TimeDistributed", "MultiHeadAttention", "Attention", "AdditiveAttention",
    ];

    [Theory]
    [MemberData(nameof(LayerNames))]
    public void SaveLoad_RecurrentOrAttentionLayer_ConfigWeightsAndPredictionsEqual(string className)
    {
        Layer layer = Create(className);
        var model = new Sequential(new InputLayer([5, 4]), layer, new Flatten(), new Dense(2));
        Tensor x = Tensor.RandomNormal([3, 5, 4], seed: 7);
        Tensor expected = model.Predict(x);

        var loaded = SavingTestSupport.RoundTrip(model);

        Assert.Equal(className, loaded.Layers[0].GetType().Name);
        Assert.Equal(SavingTestSupport.ConfigJsonOf(model), SavingTestSupport.ConfigJsonOf(loaded));
        SavingTestSupport.AssertWeightsBitEqual(model, loaded);
        TensorAssert.BitEqual(expected, loaded.Predict(x));
    }

    [Fact]
    public void SaveLoad_TrainedLstmStack_ContinuedTrainingEqual()
    {
        var model = new Sequential(
            new LSTM(6, returnSequences: true, inputShape: [5, 4]),
            new GRU(3, resetAfter: false),
            new Dense(2));
        model.Compile("adam", "mse");
        Tensor x = Tensor.RandomNormal([4, 5, 4], seed: 1), y = Tensor.RandomNormal([4, 2], seed: 2);
        model.Fit(x, y, epochs: 1, batchSize: 2, verbose: 0, seed: 3);

        var loaded = SavingTestSupport.RoundTrip(model);

        TensorAssert.BitEqual(model.Predict(x), loaded.Predict(x));
        model.Fit(x, y, epochs: 1, batchSize: 2, verbose: 0, seed: 4);
        loaded.Fit(x, y, epochs: 1, batchSize: 2, verbose: 0, seed: 4);
        SavingTestSupport.AssertWeightsBitEqual(model, loaded);
        SavingTestSupport.AssertOptimizerStateBitEqual(model, loaded);
    }

    [Fact]
    public void Load_LstmUnitsEditedBeyondStoredWeights_ThrowsBeforeAllocating()
    {
        var model = new Sequential(new LSTM(3, inputShape: [5, 4]));
        var config = SerializableRegistry.SerializeLayer(model);
        var layers = (List<object?>)((Dictionary<string, object?>)config["config"]!)["layers"]!;
        var lstm = (Dictionary<string, object?>)((Dictionary<string, object?>)layers[^1]!)["config"]!;
        lstm["units"] = 100000L;
        var context = new LoadContext(null, safeMode: true, maxElements: 10000);

        var e = Assert.Throws<TrellisFormatException>(() => SerializableRegistry.DeserializeLayer(new ConfigReader(config, "config.json"), context));

        Assert.Contains("weight elements", e.Message, StringComparison.Ordinal);
    }

    private static Layer Create(string className) => className switch
    {
        "SimpleRNN" => new SimpleRNN(3, activation: "relu", returnSequences: true, goBackwards: true, kernelRegularizer: new L2(0.01), dropout: 0.1, seed: 4),
        "LSTM" => new LSTM(3, unitForgetBias: false, recurrentRegularizer: new L1(0.02), biasInitializer: "ones"),
        "GRU" => new GRU(3, resetAfter: false, returnSequences: true, recurrentActivation: "hard_sigmoid"),
        "RNN" => new RNN(new GRUCell(3, kernelInitializer: "he_normal") { RecurrentDropout = 0.1, Seed = 5 }, returnSequences: true),
        "Bidirectional" => new Bidirectional(new LSTM(2, returnSequences: true), mergeMode: "sum", backwardLayer: new LSTM(2, returnSequences: true, goBackwards: true)),
        "TimeDistributed" => new TimeDistributed(new Dense(3, activation: "tanh")),
        "MultiHeadAttention" => new MultiHeadAttention(2, 3, valueDim: 2, outputShape: 5, kernelRegularizer: new L2(0.1), dropout: 0.1, seed: 2),
        "Attention" => new Attention(useScale: true, scoreMode: "concat"),
        "AdditiveAttention" => new AdditiveAttention(useScale: true, dropout: 0.2, seed: 1),
        _ => throw new InvalidOperationException("Add the new layer " + className + " to this test."),
    };
}
