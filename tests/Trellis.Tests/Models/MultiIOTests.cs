using Trellis.Layers;
using Trellis.Layers.Merging;
using Trellis.Losses;
using Trellis.Models;
using Trellis.Optimizers;
using Trellis.Tests.Saving;
using Trellis.Tests.TestSupport;

namespace Trellis.Tests.Models;

public sealed class MultiIOTests
{
    private static readonly Tensor s_x = Tensor.RandomNormal([6, 4], seed: 31);
    private static readonly Tensor s_side = Tensor.RandomNormal([6, 2], seed: 32);
    private static readonly Tensor s_score = Tensor.RandomNormal([6, 1], seed: 33);
    private static readonly Tensor s_label = Tensor.Constant(new float[] { 1, 0, 0, 0, 1, 0, 0, 0, 1, 1, 0, 0, 0, 1, 0, 0, 0, 1 }, [6, 3]);

    private static Functional TwoHeads(bool twoInputs = false)
    {
        var x = Functional.Input([4], name: "x");
        var side = Functional.Input([2], name: "side");
        var trunkInput = twoInputs ? new Concatenate(name: "join").Apply([x, side]) : x;
        var trunk = new Dense(5, activation: "tanh", name: "trunk").Apply(trunkInput);
        var score = new Dense(1, name: "score").Apply(trunk);
        var label = new Dense(3, activation: "softmax", name: "label").Apply(trunk);
        return new Functional(twoInputs ? [x, side] : [x], [score, label], name: "two_heads");
    }

    [Fact]
    public void TrainOnBatch_TwoHeadsWithLossWeights_TotalIsWeightedSumAndStepFollowsItsGradient()
    {
        var model = TwoHeads();
        model.Compile(new SGD(0.1), [new MeanSquaredError(), new CategoricalCrossentropy()], lossWeights: [1.0, 0.5]);
        var predictions = model.Apply([s_x]);
        // Hand computation in double: MSE over the score head, mean over samples of -sum(y log p) over the label head.
        float[] p1 = predictions[0].ToArray<float>(), y1 = s_score.ToArray<float>(), p2 = predictions[1].ToArray<float>(), y2 = s_label.ToArray<float>();
        double mse = p1.Zip(y1, (p, y) => (double)(p - y) * (p - y)).Average();
        double cce = Enumerable.Range(0, 6).Average(i => -Enumerable.Range(0, 3).Sum(j => y2[(i * 3) + j] * Math.Log(p2[(i * 3) + j])));
        Tensor[] expectedWeights;
        using (var tape = new GradientTape())
        {
            var p = model.Apply([s_x], training: true);
            var total = new MeanSquaredError().Compute(s_score, p[0]) + (new CategoricalCrossentropy().Compute(s_label, p[1]) * 0.5f);
            var variables = model.TrainableVariables;
            var grads = tape.Gradient(total, [.. variables]);
            expectedWeights = [.. variables.Select((v, i) => v.Value() - (grads[i] * 0.1f))];
        }

        var logs = model.TrainOnBatch([s_x], [s_score, s_label]);

        Assert.Equal(["loss", "score_loss", "label_loss"], logs.Keys);
        Assert.Equal(mse, logs["score_loss"], 1e-5 * mse);
        Assert.Equal(cce, logs["label_loss"], 1e-5 * cce);
        Assert.Equal(mse + (0.5 * cce), logs["loss"], 1e-5 * (mse + cce));
        var after = model.TrainableVariables;
        for (int i = 0; i < after.Count; i++)
        {
            TensorAssert.Close(expectedWeights[i], after[i], 1e-6, 1e-7, after[i].Name);
        }
    }

    [Fact]
    public void Fit_TwoInputsTwoOutputs_LossFallsAndLogsAreNamedPerOutput()
    {
        var model = TwoHeads(twoInputs: true);
        model.Compile(new Adam(0.05), [new MeanSquaredError(), new CategoricalCrossentropy()], ["mae"], lossWeights: [0.3, 1.0]);
        var before = model.Evaluate([s_x, s_side], [s_score, s_label]);

        var history = model.Fit([s_x, s_side], [s_score, s_label], batchSize: 3, epochs: 30, verbose: 0, seed: 1,
            validationData: ([s_x, s_side], [s_score, s_label]));
        var after = model.Evaluate([s_x, s_side], [s_score, s_label]);

        Assert.Equal(["loss", "score_loss", "label_loss", "score_mae", "label_mae"], before.Keys);
        Assert.Contains("val_label_mae", history.Keys);
        Assert.True(after["loss"] < before["loss"] * 0.5, $"loss {before["loss"]} -> {after["loss"]}");
        Assert.Equal((0.3 * after["score_loss"]) + after["label_loss"], after["loss"], 1e-5);
        var predictions = model.Predict([s_x, s_side], batchSize: 4);
        var direct = model.Apply([s_x, s_side]);
        TensorAssert.Close(direct[0], predictions[0], 1e-6, 1e-7);
        TensorAssert.Close(direct[1], predictions[1], 1e-6, 1e-7);
    }

    [Fact]
    public void SaveLoad_CompiledWithLossWeights_ResumesIdentically()
    {
        var model = TwoHeads();
        model.Compile(new Adam(0.01), [new MeanSquaredError(), new CategoricalCrossentropy()], ["mae"], [2.0, 0.5]);
        model.Fit([s_x], [s_score, s_label], batchSize: 3, epochs: 1, verbose: 0, seed: 1);

        var loaded = SavingTestSupport.RoundTrip(model);

        Assert.Equal([2.0, 0.5], loaded.LossWeights);
        Assert.IsType<CategoricalCrossentropy>(loaded.OutputLosses![1]);
        Assert.Equal(model.Evaluate([s_x], [s_score, s_label]), loaded.Evaluate([s_x], [s_score, s_label]));
        model.Fit([s_x], [s_score, s_label], batchSize: 3, epochs: 1, verbose: 0, seed: 2);
        loaded.Fit([s_x], [s_score, s_label], batchSize: 3, epochs: 1, verbose: 0, seed: 2);
        SavingTestSupport.AssertWeightsBitEqual(model, loaded);
    }

    [Fact]
    public void Compile_WrongNumberOfLosses_NamesOutputs()
    {
        var model = TwoHeads();

        var e = Assert.Throws<ArgumentException>(() => model.Compile("sgd", ["mse"]));

        Assert.Contains("has 2 output(s) ['score', 'label'], but Compile received 1 losses", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fit_ResumedAtEpochOne_ShufflesAsTheUninterruptedRun()
    {
        // Fit shares the single-output epoch loop: epoch e's order is a function of (seed, e), as ShuffleOrder gives it.
        var straight = TwoHeads(twoInputs: true);
        var resumed = TwoHeads(twoInputs: true);
        resumed.SetWeights(straight.GetWeights());
        straight.Compile("adam", ["mse", "categorical_crossentropy"]);
        resumed.Compile("adam", ["mse", "categorical_crossentropy"]);

        straight.Fit([s_x, s_side], [s_score, s_label], batchSize: 2, epochs: 2, verbose: 0, seed: 5);
        resumed.Fit([s_x, s_side], [s_score, s_label], batchSize: 2, epochs: 1, verbose: 0, seed: 5);
        resumed.Fit([s_x, s_side], [s_score, s_label], batchSize: 2, epochs: 2, initialEpoch: 1, verbose: 0, seed: 5);

        var a = straight.GetWeights();
        var b = resumed.GetWeights();
        for (int i = 0; i < a.Length; i++)
        {
            TensorAssert.BitEqual(a[i], b[i]);
        }
    }

    [Fact]
    public void PredictOnLists_TracedByDefault_EqualsRunEagerly()
    {
        var model = TwoHeads(twoInputs: true);
        var traced = model.Predict([s_x, s_side], batchSize: 4); // batches of 4 and 2: two traces
        Assert.Equal(2, model.MultiPredictFunction!.TraceCount);
        model.RunEagerly = true;
        var eager = model.Predict([s_x, s_side], batchSize: 4);
        Assert.Equal(2, traced.Length);
        for (int i = 0; i < traced.Length; i++)
        {
            TensorAssert.Close(eager[i], traced[i], rtol: 1e-6, atol: 1e-6, context: $"output {i}");
        }
    }

    [Fact]
    public void SingleTensorMethods_OnATwoHeadModel_SayToPassLists()
    {
        var model = TwoHeads();
        model.Compile("sgd", ["mse", "categorical_crossentropy"]);

        var fit = Assert.Throws<InvalidOperationException>(() => model.Fit(s_x, s_score, verbose: 0));
        Assert.Contains("Fit takes lists", fit.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("could not be traced", fit.Message, StringComparison.Ordinal);
        Assert.Contains("Evaluate takes lists", Assert.Throws<InvalidOperationException>(() => model.Evaluate(s_x, s_score)).Message, StringComparison.Ordinal);
        Assert.Contains("Predict takes lists", Assert.Throws<InvalidOperationException>(() => model.Predict(s_x)).Message, StringComparison.Ordinal);
        Assert.Contains("TrainOnBatch takes lists", Assert.Throws<InvalidOperationException>(() => model.TrainOnBatch(s_x, s_score)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fit_WrongNumberOfTargets_Throws()
    {
        var model = TwoHeads();
        model.Compile("sgd", ["mse", "mse"]);

        var e = Assert.Throws<ArgumentException>(() => model.Fit([s_x], [s_score], verbose: 0));

        Assert.Contains("expected 2 target tensor(s)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fit_TracedStepEqualsRunEagerly()
    {
        var traced = TwoHeads(twoInputs: true);
        var eager = TwoHeads(twoInputs: true);
        eager.SetWeights(traced.GetWeights());
        traced.Compile(new Adam(0.01), [new MeanSquaredError(), new CategoricalCrossentropy()], ["mae"], [0.3, 1.0]);
        eager.Compile(new Adam(0.01), [new MeanSquaredError(), new CategoricalCrossentropy()], ["mae"], [0.3, 1.0], runEagerly: true);

        var a = traced.Fit([s_x, s_side], [s_score, s_label], batchSize: 4, epochs: 3, verbose: 0, seed: 5);
        var b = eager.Fit([s_x, s_side], [s_score, s_label], batchSize: 4, epochs: 3, verbose: 0, seed: 5);

        Assert.Equal(2, traced.MultiTrainFunction!.TraceCount); // batches of 4, then the last of 2
        Assert.Null(eager.MultiTrainFunction);
        var wa = traced.GetWeights();
        var wb = eager.GetWeights();
        for (int i = 0; i < wa.Length; i++)
        {
            TensorAssert.Close(wb[i], wa[i], 1e-6, 1e-7);
        }
        foreach (string key in b.Keys)
        {
            Assert.Equal(b[key][^1], a[key][^1], 1e-6);
        }
    }

    [Fact]
    public void FitEvaluatePredict_ByName_EqualTheListOverloads()
    {
        var byName = TwoHeads(twoInputs: true);
        var byList = TwoHeads(twoInputs: true);
        byList.SetWeights(byName.GetWeights());
        byName.Compile(new SGD(0.05), [new MeanSquaredError(), new CategoricalCrossentropy()], runEagerly: true);
        byList.Compile(new SGD(0.05), [new MeanSquaredError(), new CategoricalCrossentropy()], runEagerly: true);
        var x = new Dictionary<string, Tensor> { ["side"] = s_side, ["x"] = s_x };
        var y = new Dictionary<string, Tensor> { ["label"] = s_label, ["score"] = s_score };

        byName.Fit(x, y, batchSize: 3, epochs: 2, verbose: 0, seed: 3);
        byList.Fit([s_x, s_side], [s_score, s_label], batchSize: 3, epochs: 2, verbose: 0, seed: 3);

        SavingTestSupport.AssertWeightsBitEqual(byList, byName);
        Assert.Equal(byList.Evaluate([s_x, s_side], [s_score, s_label]), byName.Evaluate(x, y));
        TensorAssert.BitEqual(byList.Predict([s_x, s_side])[1], byName.Predict(x)["label"]);
        var e = Assert.Throws<ArgumentException>(() => byName.Predict(new Dictionary<string, Tensor> { ["x"] = s_x, ["extra"] = s_side }));
        Assert.Contains("no input named 'extra'; its inputs are ['x', 'side']", e.Message, StringComparison.Ordinal);
    }
}
