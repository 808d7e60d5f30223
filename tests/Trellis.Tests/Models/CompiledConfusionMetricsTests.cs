using Trellis.Layers;
using Trellis.Metrics;
using Trellis.Models;
using Trellis.Optimizers;

namespace Trellis.Tests.Models;

/// <summary>AUC, Precision and Recall compiled by name or as objects, driven by Fit and Evaluate as Keras 3 does.</summary>
public sealed class CompiledConfusionMetricsTests
{
    // A separable-ish binary problem: the label is the sign of a fixed projection of x.
    private static readonly Tensor s_x = Tensor.RandomNormal([40, 5], seed: 21);
    private static readonly Tensor s_y = Ops.Cast(Ops.Greater(Ops.Sum(s_x * Tensor.Constant(new[] { 1f, -1f, 0.5f, 0f, 2f }), [1], keepDims: true), Tensor.Scalar(0f)), DType.Float32);

    private static Sequential NewModel() => new(new Dense(4, activation: "tanh", inputShape: [5]), new Dense(1, activation: "sigmoid"));

    [Fact]
    public void Fit_MetricNames_LogUnderKerasNames()
    {
        var model = NewModel();
        model.Compile(new SGD(0.1), "binary_crossentropy", ["accuracy", "auc", "precision", "recall"]);

        var history = model.Fit(s_x, s_y, epochs: 2, batchSize: 8, verbose: 0, seed: 3);
        var logs = model.Evaluate(s_x, s_y, batchSize: 16);

        Assert.Equal(["accuracy", "auc", "precision", "recall"], model.CompiledMetrics!.Select(m => m.Name));
        Assert.IsType<Auc>(model.CompiledMetrics![1]);
        Assert.IsType<Precision>(model.CompiledMetrics![2]);
        Assert.IsType<Recall>(model.CompiledMetrics![3]);
        foreach (var key in new[] { "loss", "accuracy", "auc", "precision", "recall" })
        {
            Assert.Equal(2, history[key].Count);
            Assert.Contains(key, logs.Keys);
        }
        // Evaluate's values are the metrics over all of x in inference mode.
        var yPred = model.Predict(s_x);
        Assert.Equal(Direct(new Auc(), yPred), logs["auc"], 6);
        Assert.Equal(Direct(new Precision(), yPred), logs["precision"], 6);
        Assert.Equal(Direct(new Recall(), yPred), logs["recall"], 6);
    }

    [Fact]
    public void Fit_MetricObjects_UpdatedAndResetPerEpoch()
    {
        var model = NewModel();
        var auc = new Auc(curve: AucCurve.PR, name: "pr_auc");
        var precision = new Precision(threshold: 0.3, name: "p30");
        var recall = new Recall(name: "r");
        model.Compile(new SGD(0.0), "binary_crossentropy", [auc, precision, recall]);

        var history = model.Fit(s_x, s_y, epochs: 2, batchSize: 40, verbose: 0, shuffle: false);

        // learning rate 0: both epochs see the same predictions, and a reset between them gives equal values.
        var yPred = model.Predict(s_x);
        Assert.Equal(Direct(new Auc(curve: AucCurve.PR), yPred), history["pr_auc"][1], 6);
        Assert.Equal(Direct(new Precision(0.3), yPred), history["p30"][1], 6);
        Assert.Equal(Direct(new Recall(), yPred), history["r"][1], 6);
        Assert.Equal(history["pr_auc"][0], history["pr_auc"][1]);
        Assert.Same(auc, model.CompiledMetrics![0]);
    }

    [Fact]
    public void Fit_SampleWeights_ReachConfusionMetrics()
    {
        var model = NewModel();
        model.Compile(new SGD(0.0), "binary_crossentropy", ["precision", "recall", "auc"]);
        var weights = Tensor.Constant(Enumerable.Range(0, 40).Select(i => (float)(i % 4)).ToArray(), [40]);

        var history = model.Fit(s_x, s_y, epochs: 1, batchSize: 40, verbose: 0, shuffle: false, sampleWeight: weights);

        var yPred = model.Predict(s_x);
        Assert.Equal(Direct(new Precision(), yPred, weights), history["precision"][0], 6);
        Assert.Equal(Direct(new Recall(), yPred, weights), history["recall"][0], 6);
        Assert.Equal(Direct(new Auc(), yPred, weights), history["auc"][0], 6);
        Assert.NotEqual(Direct(new Auc(), yPred), history["auc"][0]);
    }

    [Fact]
    public void DefaultNames_NumberedLikeKeras3()
    {
        // Keras 3 names AUC, Precision and Recall objects from a process-wide counter: auc, auc_1, auc_2...
        var first = new Auc();
        var second = new Auc();
        Assert.Matches("^auc(_[0-9]+)?$", first.Name);
        Assert.Matches("^auc_[0-9]+$", second.Name);
        Assert.NotEqual(first.Name, second.Name);
        _ = new Precision();
        Assert.Matches("^precision_[0-9]+$", new Precision().Name);
        Assert.Equal("recall_given", new Recall(name: "recall_given").Name);
    }

    [Fact]
    public void Compile_ObjectThatIsNoMetric_Throws()
    {
        var model = NewModel();
        var e = Assert.Throws<ArgumentException>(() => model.Compile(new SGD(0.1), "mse", [new object()]));
        Assert.Contains("IPredictionMetric", e.Message, StringComparison.Ordinal);
    }

    private static double Direct(IPredictionMetric metric, Tensor yPred, Tensor? weights = null)
    {
        metric.UpdateState(s_y, yPred, weights);
        return metric.Result().GetAsDouble(0);
    }
}
