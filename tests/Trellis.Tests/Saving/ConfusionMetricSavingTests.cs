using System.Text.RegularExpressions;
using Trellis.Layers;
using Trellis.Metrics;
using Trellis.Models;
using Trellis.Optimizers;
using Trellis.Saving;
using Trellis.Tests.TestSupport;

namespace Trellis.Tests.Saving;

/// <summary>AUC, Precision and Recall in an archive's compile_config, with their state variables.</summary>
public sealed class ConfusionMetricSavingTests
{
    private static readonly Tensor s_x = Tensor.RandomNormal([30, 4], seed: 31);
    private static readonly Tensor s_y = Ops.Round(Tensor.RandomUniform([30, 1], seed: 32));

    [Fact]
    public void SaveLoad_CompiledByName_StateRestoredAndTrainingContinuesEqually()
    {
        var model = new Sequential(new Dense(3, activation: "relu", inputShape: [4]), new Dense(1, activation: "sigmoid"));
        model.Compile(new Adam(0.01), "binary_crossentropy", ["accuracy", "auc", "precision", "recall"]);
        model.Fit(s_x, s_y, epochs: 1, batchSize: 7, verbose: 0, seed: 4);

        var loaded = SavingTestSupport.RoundTrip(model);

        Assert.Equal(["accuracy", "auc", "precision", "recall"], loaded.SavedMetrics.Select(m => m.Name));
        Assert.Equal(model.SavedMetrics.Select(m => m.GetType()), loaded.SavedMetrics.Select(m => m.GetType()));
        for (int i = 0; i < model.SavedMetrics.Count; i++)
        {
            TensorAssert.BitEqual(model.SavedMetrics[i].Result(), loaded.SavedMetrics[i].Result());
            for (int j = 0; j < model.SavedMetrics[i].Variables.Count; j++)
            {
                TensorAssert.BitEqual(model.SavedMetrics[i].Variables[j], loaded.SavedMetrics[i].Variables[j]);
            }
        }
        var a = model.Fit(s_x, s_y, epochs: 1, batchSize: 7, verbose: 0, seed: 5);
        var b = loaded.Fit(s_x, s_y, epochs: 1, batchSize: 7, verbose: 0, seed: 5);
        foreach (var key in new[] { "loss", "accuracy", "auc", "precision", "recall" })
        {
            Assert.Equal(a[key], b[key]);
        }
        SavingTestSupport.AssertWeightsBitEqual(model, loaded);
    }

    [Fact]
    public void SaveLoad_ObjectsBeforeTraining_ConfigKeptAndNamesKept()
    {
        var model = new Sequential(new Dense(1, activation: "sigmoid", inputShape: [4]));
        model.Compile("sgd", "binary_crossentropy", [new Auc(numThresholds: 9, name: "roc9", fromLogits: false), new Precision(0.7, name: "p70"), "recall"]);

        var loaded = SavingTestSupport.RoundTrip(model);
        var history = loaded.Fit(s_x, s_y, epochs: 1, batchSize: 10, verbose: 0, seed: 1);

        var auc = Assert.IsType<Auc>(loaded.CompiledMetrics![0]);
        Assert.Equal(9, auc.NumThresholds);
        Assert.Equal(0.7, Assert.IsType<Precision>(loaded.CompiledMetrics[1]).Threshold);
        Assert.Equal(["loss", "roc9", "p70", "recall"], history.Keys);
    }

    [Fact]
    public void Load_AucConfigAskingForHugeState_IsAFormatError()
    {
        var model = new Sequential(new Dense(1, activation: "sigmoid", inputShape: [4]));
        model.Compile("sgd", "binary_crossentropy", [new Auc(numThresholds: 5)]);
        byte[] archive = SavingTestSupport.SaveToBytes(model);
        int edits = 0;
        byte[] edited = ArchiveMutation.EditConfig(archive, json =>
        {
            string big = Regex.Replace(json, "\"num_thresholds\":\\s*5", "\"num_thresholds\": 900000000");
            string result = Regex.Replace(big, "\"thresholds\":\\s*\\[[^\\]]*\\]", "\"thresholds\": null");
            edits = (big != json ? 1 : 0) + (result != big ? 1 : 0);
            return result;
        });
        Assert.Equal(2, edits);

        var e = Assert.Throws<TrellisFormatException>(() => ModelArchive.Load(edited, "edited.trellis"));
        Assert.Contains("AUC", e.Message, StringComparison.Ordinal);
    }
}
