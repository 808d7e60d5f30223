using Trellis.Metrics;
using static Trellis.Tests.Losses.GoldenData;

namespace Trellis.Tests.Metrics;

public class MetricTests
{
    [Fact]
    public void CategoricalAccuracy_MatchesNumpy()
    {
        var m = new CategoricalAccuracy();
        m.UpdateState(Input("onehot"), Input("probs"));
        Assert.Equal(Value("categorical_accuracy"), m.Result().Item<float>(), 6);
    }

    [Fact]
    public void SparseCategoricalAccuracy_MatchesNumpy()
    {
        var m = new SparseCategoricalAccuracy();
        m.UpdateState(Ops.Cast(Input("labels"), DType.Int64), Input("probs"));
        Assert.Equal(Value("sparse_categorical_accuracy"), m.Result().Item<float>(), 6);
    }

    [Fact]
    public void BinaryAccuracy_MatchesNumpy()
    {
        var m = new BinaryAccuracy();
        m.UpdateState(Input("bin_true"), Input("bin_prob"));
        Assert.Equal(Value("binary_accuracy"), m.Result().Item<float>(), 6);
    }

    [Fact]
    public void Mean_WeightedAcrossUpdates_IsTotalOverCount()
    {
        var m = new Mean();
        m.UpdateState(Tensor.Constant(new[] { 1.0, 2.0, 3.0 }));
        m.UpdateState(Tensor.Constant(10.0), Tensor.Constant(2.0));

        Assert.Equal((1 + 2 + 3 + 20) / 5.0, m.Result().Item<float>(), 6);
        Assert.Equal(["total", "count"], m.GetTrackedChildren().Select(c => c.Key));
        m.Reset();
        Assert.Equal(0, m.Result().Item<float>());
    }

    [Fact]
    public void Accuracy_ResolvesFromShapes_AsKeras()
    {
        Assert.IsType<CategoricalAccuracy>(MetricRegistry.Get("accuracy", [8, 10], [8, 10]));
        Assert.IsType<SparseCategoricalAccuracy>(MetricRegistry.Get("accuracy", [8], [8, 10]));
        Assert.IsType<SparseCategoricalAccuracy>(MetricRegistry.Get("accuracy", [8, 1], [8, 10]));
        Assert.IsType<BinaryAccuracy>(MetricRegistry.Get("acc", [8, 1], [8, 1]));
        Assert.Equal("accuracy", MetricRegistry.Get("accuracy", [8, 10], [8, 10]).Name);
    }
}

public class RegressionAndRankingMetricTests
{
    [Fact]
    public void ErrorMetrics_MatchNumpy()
    {
        var (t, p) = (Input("reg_true"), Input("reg_pred"));
        var mse = new MeanSquaredErrorMetric();
        var mae = new MeanAbsoluteErrorMetric();
        var rmse = new RootMeanSquaredError();
        foreach (var m in new MeanMetricWrapper[] { mse, mae, rmse })
        {
            m.UpdateState(t, p);
        }

        Assert.Equal(Value("mse_metric"), mse.Result().Item<float>(), 5);
        Assert.Equal(Value("mae_metric"), mae.Result().Item<float>(), 5);
        Assert.Equal(Value("rmse_metric"), rmse.Result().Item<float>(), 5);
    }

    [Fact]
    public void TopKCategoricalAccuracy_MatchesNumpy()
    {
        var m = new TopKCategoricalAccuracy(k: 2);
        m.UpdateState(Input("onehot"), Input("probs"));
        Assert.Equal(Value("top2_accuracy"), m.Result().Item<float>(), 6);
    }

    [Fact]
    public void PrecisionAndRecall_MatchNumpy()
    {
        var precision = new Precision();
        var recall = new Recall();
        precision.UpdateState(Input("bin_true"), Input("bin_prob"));
        recall.UpdateState(Input("bin_true"), Input("bin_prob"));

        Assert.Equal(Value("precision"), precision.Result().Item<float>(), 6);
        Assert.Equal(Value("recall"), recall.Result().Item<float>(), 6);
        Assert.Equal(["true_positives", "false_positives"], precision.GetTrackedChildren().Select(c => c.Key));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void PrecisionAndRecall_SampleWeights_WeightTheCounts(bool columnPredictions)
    {
        // Predicted positive (> 0.5): samples 0 (true), 1 (false), 3 (true); sample 2 is a missed positive.
        // Weighted: TP = 1 + 0.5, FP = 2, FN = 3.
        var yTrue = Tensor.Constant(new[] { 1f, 0f, 1f, 1f, 0f }, [5]);
        var yPred = Tensor.Constant(new[] { 0.9f, 0.6f, 0.4f, 0.7f, 0.2f }, columnPredictions ? [5, 1] : [5]);
        var weights = Tensor.Constant(new[] { 1f, 2f, 3f, 0.5f, 1f }, [5]);
        var precision = new Precision();
        var recall = new Recall();

        precision.UpdateState(yTrue, yPred, weights);
        recall.UpdateState(yTrue, yPred, weights);

        Assert.Equal(1.5 / 3.5, precision.Result().Item<float>(), 6);
        Assert.Equal(1.5 / 4.5, recall.Result().Item<float>(), 6);
    }

    [Fact]
    public void Precision_WeightsOfAnotherLength_ThrowNamingTheShapes()
    {
        var e = Assert.Throws<ArgumentException>(() => new Precision(name: "p").UpdateState(Tensor.Zeros([4]), Tensor.Zeros([4, 1]), Tensor.Ones([3])));
        Assert.Contains("shape (3,)", e.Message, StringComparison.Ordinal);
        Assert.Contains("(4, 1)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Sum_AddsWeightedValues()
    {
        var s = new Sum();
        s.UpdateState(Tensor.Constant(new[] { 1.0, 2.0 }), Tensor.Constant(new[] { 3.0, 0.5 }));
        Assert.Equal(4.0, s.Result().Item<float>());
    }
}
