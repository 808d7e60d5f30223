using System.Diagnostics;
using System.Globalization;
using Trellis.Interop.Safetensors;
using Trellis.Layers;
using Trellis.Models;
using Trellis.Optimizers;
using Trellis.Saving;
using Trellis.Tests.Architecture;
using Trellis.Tests.TestSupport;

namespace Trellis.Tests.Saving;

/// <summary>
/// Issue 5's exact resume: Fit(epochs: 2) equals Fit(epochs: 1), save, load into a new object (in this process or a
/// fresh one), Fit(epochs: 2, initialEpoch: 1) with the same seed, bit for bit, with shuffling and Dropout on.
/// </summary>
public sealed class ResumeAcrossEpochsTests
{
    private const long Seed = 7;
    private const int BatchSize = 10;
    private static readonly Tensor s_x = Tensor.RandomNormal([64, 12], seed: 41);
    private static readonly Tensor s_y = Ops.OneHot(Tensor.Constant(Enumerable.Range(0, 64).Select(i => (i * 7) % 3).ToArray(), [64]), 3);

    /// <summary>One untrained model as an archive, so every run below starts from the same weights and Dropout seeds.</summary>
    private static byte[] InitialArchive(Optimizer optimizer)
    {
        var model = new Sequential(
            new Dense(16, activation: "relu", inputShape: [12]),
            new Dropout(0.3),
            new Dense(8, activation: "tanh"),
            new Dropout(0.2),
            new Dense(3, activation: "softmax"));
        model.Compile(optimizer, "categorical_crossentropy", ["accuracy", "auc"]);
        return SavingTestSupport.SaveToBytes(model);
    }

    private static Model Load(byte[] archive) => ModelArchive.Load(archive, "resume.trellis");

    public static TheoryData<string> Optimizers => ["adam", "sgd_nesterov", "rmsprop_centered"];

    private static Optimizer MakeOptimizer(string name) => name switch
    {
        "adam" => new Adam(learningRate: 0.01, amsgrad: true),
        "sgd_nesterov" => new SGD(learningRate: 0.05, momentum: 0.9, nesterov: true),
        _ => new RMSprop(learningRate: 0.01, momentum: 0.5, centered: true),
    };

    [Fact]
    public void Fit_SecondEpochAlone_UsesEpochOnesShuffleOrder()
    {
        // Fit(epochs: 2) == Fit(epochs: 1) then Fit(epochs: 2, initialEpoch: 1), on one object: the order of epoch e
        // depends on (seed, e) only, not on how many epochs this Fit call has already run.
        byte[] initial = InitialArchive(new SGD(0.05, momentum: 0.9));
        var straight = Load(initial);
        var split = Load(initial);

        var straightHistory = straight.Fit(s_x, s_y, batchSize: BatchSize, epochs: 2, verbose: 0, seed: Seed);
        split.Fit(s_x, s_y, batchSize: BatchSize, epochs: 1, verbose: 0, seed: Seed);
        var second = split.Fit(s_x, s_y, batchSize: BatchSize, epochs: 2, initialEpoch: 1, verbose: 0, seed: Seed);

        SavingTestSupport.AssertWeightsBitEqual(straight, split);
        Assert.Equal(straightHistory["loss"][1], second["loss"].Single());
    }

    [Fact]
    public void Fit_EpochZeroAndEpochOne_ShuffleDifferently()
    {
        // Sanity check that the test above can fail: from the same state, one epoch with epoch 0's order and one with
        // epoch 1's order end with different weights.
        byte[] initial = InitialArchive(new SGD(0.05));
        var asEpochZero = Load(initial);
        var asEpochOne = Load(initial);

        asEpochZero.Fit(s_x, s_y, batchSize: BatchSize, epochs: 1, verbose: 0, seed: Seed);
        asEpochOne.Fit(s_x, s_y, batchSize: BatchSize, epochs: 2, initialEpoch: 1, verbose: 0, seed: Seed);

        Assert.NotEqual(asEpochZero.GetWeights()[0].ToArray<float>(), asEpochOne.GetWeights()[0].ToArray<float>());
    }

    [Theory]
    [MemberData(nameof(Optimizers))]
    public void FitOneEpoch_SaveLoad_FitSecondEpoch_BitIdenticalToTwoEpochsStraight(string optimizer)
    {
        byte[] initial = InitialArchive(MakeOptimizer(optimizer));
        var straight = Load(initial);
        var straightHistory = straight.Fit(s_x, s_y, batchSize: BatchSize, epochs: 2, verbose: 0, seed: Seed);

        var first = Load(initial);
        first.Fit(s_x, s_y, batchSize: BatchSize, epochs: 1, verbose: 0, seed: Seed);
        var resumed = Load(SavingTestSupport.SaveToBytes(first));
        var resumedHistory = resumed.Fit(s_x, s_y, batchSize: BatchSize, epochs: 2, initialEpoch: 1, verbose: 0, seed: Seed);

        SavingTestSupport.AssertWeightsBitEqual(straight, resumed);
        SavingTestSupport.AssertOptimizerStateBitEqual(straight, resumed);
        Assert.Equal(straightHistory["loss"][1], resumedHistory["loss"].Single());
        Assert.Equal(straightHistory["auc"][1], resumedHistory["auc"].Single());
    }

    [Fact]
    public void FitOneEpoch_Save_FitSecondEpochInFreshProcess_BitIdenticalToTwoEpochsStraight()
    {
        using var dir = new ScratchDir();
        byte[] initial = InitialArchive(new Adam(learningRate: 0.01));
        var straight = Load(initial);
        var straightHistory = straight.Fit(s_x, s_y, batchSize: BatchSize, epochs: 2, verbose: 0, seed: Seed);

        var first = Load(initial);
        first.Fit(s_x, s_y, batchSize: BatchSize, epochs: 1, verbose: 0, seed: Seed);
        first.Save(dir["epoch1.trellis"]);
        SafetensorsWriter.Save(dir["data.safetensors"], [new KeyValuePair<string, Tensor>("x", s_x), new KeyValuePair<string, Tensor>("y", s_y)]);

        string lastLoss = RunResumeRunner(dir["epoch1.trellis"], dir["epoch2.trellis"], dir["data.safetensors"], epochs: 2, initialEpoch: 1);
        var resumed = Model.Load(dir["epoch2.trellis"]);

        SavingTestSupport.AssertWeightsBitEqual(straight, resumed);
        Assert.Equal(straightHistory["loss"][1], double.Parse(lastLoss, CultureInfo.InvariantCulture));
        // The loaded model has not created its optimizer slots yet, so compare every saved tensor instead: weights,
        // slots, iter, hyperparameters, metric state and Dropout streams.
        straight.Save(dir["straight.trellis"]);
        AssertSavedStateBitEqual(dir["straight.trellis"], dir["epoch2.trellis"], dir);
    }

    private static void AssertSavedStateBitEqual(string expectedArchive, string actualArchive, ScratchDir dir)
    {
        SafetensorsConverter.ArchiveToSafetensors(expectedArchive, dir["expected.safetensors"]);
        SafetensorsConverter.ArchiveToSafetensors(actualArchive, dir["actual.safetensors"]);
        var expected = SafetensorsFile.Open(dir["expected.safetensors"]);
        var actual = SafetensorsFile.Open(dir["actual.safetensors"]);
        var names = expected.Tensors.Select(t => t.Name).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(names, actual.Tensors.Select(t => t.Name).Order(StringComparer.Ordinal));
        Assert.Contains(names, n => n.Contains("/.OPTIMIZER_SLOT/", StringComparison.Ordinal) && n.Contains("/m/", StringComparison.Ordinal));
        Assert.Contains(names, n => n.Contains("optimizer/iter", StringComparison.Ordinal));
        foreach (string name in names)
        {
            var a = expected.GetRaw(name);
            var b = actual.GetRaw(name);
            Assert.True(a.DType == b.DType && a.Shape == b.Shape && a.Data.AsSpan().SequenceEqual(b.Data), $"saved tensor '{name}' differs");
        }
    }

    private static string RunResumeRunner(string archiveIn, string archiveOut, string data, int epochs, int initialEpoch)
    {
        string root = DependencyDirectionTests.FindRepositoryRoot();
        string configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        string dll = Path.Combine(root, "tools", "ResumeRunner", "bin", configuration, "net10.0", "ResumeRunner.dll");
        Assert.True(File.Exists(dll), $"ResumeRunner is not built at {dll}");
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in new[]
        {
            dll, archiveIn, archiveOut, data, epochs.ToString(CultureInfo.InvariantCulture), initialEpoch.ToString(CultureInfo.InvariantCulture),
            BatchSize.ToString(CultureInfo.InvariantCulture), Seed.ToString(CultureInfo.InvariantCulture),
        })
        {
            psi.ArgumentList.Add(a);
        }
        using var process = Process.Start(psi)!;
        var stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        Assert.True(process.WaitForExit(120_000), "ResumeRunner did not finish in 120 s");
        Assert.True(process.ExitCode == 0, $"ResumeRunner failed ({process.ExitCode}): {stderr.Result}");
        return stdout.Trim();
    }
}
