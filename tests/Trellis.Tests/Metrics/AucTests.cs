using System.Runtime.CompilerServices;
using System.Text.Json;
using Trellis.Metrics;

namespace Trellis.Tests.Metrics;

// Golden values: TestData/metrics_extra.json, written by tools/reference/metrics_extra.py (numpy transcription of Keras 3's AUC).
public class AucTests
{
    private static readonly JsonElement s_root = JsonDocument.Parse(File.ReadAllText(DataPath())).RootElement;

    private static double Value(string key) => s_root.GetProperty("values").GetProperty(key).GetDouble();

    private static double[] Flat(JsonElement e) => e.ValueKind == JsonValueKind.Array && e.GetArrayLength() > 0 && e[0].ValueKind == JsonValueKind.Array
        ? [.. e.EnumerateArray().SelectMany(Flat)]
        : [.. e.EnumerateArray().Select(v => v.GetDouble())];

    private static Tensor Input(string key, params int[] shape)
        => Tensor.Constant(Flat(s_root.GetProperty("inputs").GetProperty(key)), shape);

    private static void AssertRelative(double expected, double actual)
        => Assert.True(Math.Abs(actual - expected) <= 1e-6 * Math.Abs(expected), $"expected {expected:R}, received {actual:R}");

    [Theory]
    [InlineData(AucCurve.Roc, AucSummationMethod.Interpolation, "ROC_interpolation")]
    [InlineData(AucCurve.Roc, AucSummationMethod.Minoring, "ROC_minoring")]
    [InlineData(AucCurve.Roc, AucSummationMethod.Majoring, "ROC_majoring")]
    [InlineData(AucCurve.PR, AucSummationMethod.Interpolation, "PR_interpolation")]
    [InlineData(AucCurve.PR, AucSummationMethod.Minoring, "PR_minoring")]
    [InlineData(AucCurve.PR, AucSummationMethod.Majoring, "PR_majoring")]
    public void Result_TwoBatches_MatchesKerasFormula(AucCurve curve, AucSummationMethod summation, string key)
    {
        var m = new Auc(curve: curve, summationMethod: summation);
        m.UpdateState(Input("y1", 40, 1), Input("p1", 40, 1));
        m.UpdateState(Input("y2", 8, 3), Input("p2", 8, 3));

        AssertRelative(Value(key), m.Result().Item<float>());
    }

    [Fact]
    public void UpdateState_OneBatch_CountsMatchNumpy()
    {
        var m = new Auc();
        m.UpdateState(Input("y1", 40, 1), Input("p1", 40, 1));

        var tp = (Tensor)m.GetTrackedChildren().Single(c => c.Key == "true_positives").Value;
        var fp = (Tensor)m.GetTrackedChildren().Single(c => c.Key == "false_positives").Value;
        Assert.Equal(Flat(s_root.GetProperty("values").GetProperty("tp_200_batch1")), tp.ToArray<float>().Select(v => (double)v));
        Assert.Equal(Flat(s_root.GetProperty("values").GetProperty("fp_200_batch1")), fp.ToArray<float>().Select(v => (double)v));
        AssertRelative(Value("ROC_batch1"), m.Result().Item<float>());
    }

    [Fact]
    public void UpdateState_SampleWeights_MatchNumpy()
    {
        var roc = new Auc();
        var pr = new Auc(curve: AucCurve.PR);
        roc.UpdateState(Input("y1", 40, 1), Input("p1", 40, 1), Input("w1", 40, 1));
        pr.UpdateState(Input("y1", 40, 1), Input("p1", 40, 1), Input("w1", 40, 1));

        AssertRelative(Value("ROC_weighted"), roc.Result().Item<float>());
        AssertRelative(Value("PR_weighted"), pr.Result().Item<float>());
    }

    [Fact]
    public void NumThresholdsAndCustomThresholds_MatchNumpy()
    {
        var roc7 = new Auc(numThresholds: 7);
        var pr7 = new Auc(numThresholds: 7, curve: AucCurve.PR);
        var rocCustom = new Auc(thresholds: [0.7, 0.2, 0.5]);
        var prCustom = new Auc(thresholds: [0.7, 0.2, 0.5], curve: AucCurve.PR);
        foreach (var m in new[] { roc7, pr7, rocCustom, prCustom })
        {
            m.UpdateState(Input("y1", 40, 1), Input("p1", 40, 1));
        }

        AssertRelative(Value("ROC_7"), roc7.Result().Item<float>());
        AssertRelative(Value("PR_7"), pr7.Result().Item<float>());
        AssertRelative(Value("ROC_custom"), rocCustom.Result().Item<float>());
        AssertRelative(Value("PR_custom"), prCustom.Result().Item<float>());
        Assert.Equal(5, rocCustom.NumThresholds);
    }

    [Fact]
    public void FromLogits_EqualsSigmoidFirst()
    {
        var logits = new Auc(fromLogits: true);
        logits.UpdateState(Input("y2", 8, 3), Input("logits2", 8, 3));
        var probs = new Auc();
        probs.UpdateState(Input("y2", 8, 3), Input("p2", 8, 3));

        Assert.Equal(probs.Result().Item<float>(), logits.Result().Item<float>(), 6);
        Assert.NotEqual(0f, probs.Result().Item<float>());
    }

    [Fact]
    public void Reset_ZeroesCounts_PerfectSeparation_IsOne()
    {
        var m = new Auc();
        m.UpdateState(Input("y1", 40, 1), Input("p1", 40, 1));
        m.Reset();
        Assert.Equal(0f, m.Result().Item<float>());

        m.UpdateState(Tensor.Constant(new[] { 0.0, 0, 1, 1 }, [4]), Tensor.Constant(new[] { 0.1, 0.3, 0.6, 0.9 }, [4]));
        Assert.Equal(1f, m.Result().Item<float>(), 6);
        Assert.Equal(["true_positives", "false_positives", "true_negatives", "false_negatives"], m.GetTrackedChildren().Select(c => c.Key));
        Assert.Equal("ROC", m.GetConfig()["curve"]);
        Assert.Equal(200, m.GetConfig()["num_thresholds"]);
    }

    [Fact]
    public void UpdateState_ThroughIPredictionMetric_SameAsDirect()
    {
        IPredictionMetric viaInterface = new Auc(curve: AucCurve.PR);
        viaInterface.UpdateState(Input("y1", 40, 1), Input("p1", 40, 1));

        AssertRelative(Value("PR_batch1"), viaInterface.Result().Item<float>());
        Assert.Matches("^auc(_[0-9]+)?$", viaInterface.Name);
    }

    [Fact]
    public void UpdateState_SizeMismatch_Throws()
        => Assert.Throws<ArgumentException>(() => new Auc().UpdateState(Tensor.Zeros([3]), Tensor.Zeros([4])));

    private static string DataPath([CallerFilePath] string here = "")
        => Path.Combine(Path.GetDirectoryName(here)!, "TestData", "metrics_extra.json");
}
