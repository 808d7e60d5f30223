using System.Diagnostics;
using Trellis.Cli;
using Trellis.Cli.Training;
using Trellis.Models;
using Trellis.Reporting;
using Trellis.Tests.TestSupport;

namespace Trellis.Tests.Cli;

public class TrainCommandTests
{
    // Small enough for a 2-core machine: 512 MNIST images, 16 hidden units.
    private static string[] Args(string outDir, int epochs, params string[] extra) =>
        ["train", "--out", outDir, "--epochs", epochs.ToString(System.Globalization.CultureInfo.InvariantCulture), "--samples", "512", "--batch-size", "64", "--units", "16", .. extra];

    private static string LatestCheckpoint(string outDir) => Path.Combine(outDir, "checkpoints");

    [Fact]
    public void Train_Mnist_WritesCheckpointsHistoryReportLogsAndModel()
    {
        using var dir = new ScratchDir();
        string run = dir.File("run");
        var result = CliRunner.Run(Args(run, 2));
        Assert.True(result.ExitCode == TrellisCli.Success, result.Error);
        Assert.Contains("Epoch 2/2", result.Out, StringComparison.Ordinal);

        string[] history = File.ReadAllLines(Path.Combine(run, TrainRun.HistoryFile));
        Assert.Equal("epoch,loss,accuracy,val_loss,val_accuracy,seconds", history[0]);
        Assert.Equal(3, history.Length);
        string html = File.ReadAllText(Path.Combine(run, TrainRun.ReportFile));
        Assert.Equal(2, System.Text.RegularExpressions.Regex.Count(html, "class=\"series train\""));
        Assert.Contains("Dense", html, StringComparison.Ordinal);
        Assert.Single(Directory.GetFiles(Path.Combine(run, "logs", "train"), "events.out.tfevents.*"));

        // The saved model holds the weights of the last checkpoint.
        Model loaded = Model.Load(Path.Combine(run, TrainRun.ModelFile));
        var checkpoint = Trellis.Checkpoints.CheckpointReader.Open(LatestCheckpoint(run));
        var kernel = checkpoint.GetTensor("model/layer_with_weights-0/kernel/.ATTRIBUTES/VARIABLE_VALUE");
        Assert.Equal(kernel.ToBytes(), loaded.GetWeights()[0].ToBytes());
    }

    [Fact]
    public void Train_ExistingRunWithoutResume_Fails()
    {
        using var dir = new ScratchDir();
        string run = dir.File("run");
        Assert.Equal(TrellisCli.Success, CliRunner.Run(Args(run, 1)).ExitCode);
        var again = CliRunner.Run(Args(run, 1));
        Assert.Equal(TrellisCli.Failure, again.ExitCode);
        Assert.Contains("--resume", again.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Resume_AfterInterruptMidEpoch_EndsWithTheSameWeightsAsAnUninterruptedRun()
    {
        using var dir = new ScratchDir();
        string straight = dir.File("straight"), interrupted = dir.File("interrupted");
        Assert.Equal(TrellisCli.Success, CliRunner.Run(Args(straight, 3)).ExitCode);

        // 512 samples / 64 = 8 batches an epoch: stop in the middle of the second epoch.
        TrainRun.InterruptAfterBatches.Value = 12;
        try
        {
            Assert.Throws<TrainingInterruptedException>(() => CliRunner.Run(Args(interrupted, 3)));
        }
        finally
        {
            TrainRun.InterruptAfterBatches.Value = null;
        }
        Assert.Equal(1, Trellis.Checkpoints.CheckpointReader.Open(LatestCheckpoint(interrupted))
            .GetTensor("epoch/.ATTRIBUTES/VARIABLE_VALUE").Item<long>());

        var resumed = CliRunner.Run(Args(interrupted, 3, "--resume"));
        Assert.True(resumed.ExitCode == TrellisCli.Success, resumed.Error);
        Assert.Contains("after epoch 1", resumed.Out, StringComparison.Ordinal);
        AssertSameRun(straight, interrupted);
    }

    [Fact]
    public void Resume_AfterProcessKilledMidRun_EndsWithTheSameWeightsAsAnUninterruptedRun()
    {
        using var dir = new ScratchDir();
        string straight = dir.File("straight"), killed = dir.File("killed");
        // Enough epochs that the killed process is still training when the first checkpoint appears, even on an idle
        // machine where an epoch of 2,048 samples takes a fraction of a second.
        string[] args = ["train", "--epochs", "12", "--samples", "2048", "--batch-size", "32", "--units", "32"];
        Assert.Equal(TrellisCli.Success, CliRunner.Run([.. args, "--out", straight]).ExitCode);

        string dll = Path.Combine(AppContext.BaseDirectory, "Trellis.Cli.dll");
        var psi = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in new[] { dll }.Concat(args).Concat(["--out", killed]))
        {
            psi.ArgumentList.Add(a);
        }
        using (var process = Process.Start(psi)!)
        {
            // Kill as soon as the state file names the first epoch's checkpoint (it is written after the checkpoint's
            // files, so waiting for ckpt-1.index alone races with it): the process is then in epoch 2.
            string firstIndex = Path.Combine(killed, "checkpoints", "checkpoint");
            var deadline = DateTime.UtcNow.AddSeconds(120);
            while (!File.Exists(firstIndex) && !process.HasExited && DateTime.UtcNow < deadline)
            {
                Thread.Sleep(5);
            }
            // NOTE: read stderr only once the process is gone; ReadToEnd on a live process waits for it to finish.
            if (process.HasExited)
            {
                Assert.Fail("the run finished before it could be killed: " + process.StandardError.ReadToEnd());
            }
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }
        Assert.False(File.Exists(Path.Combine(killed, TrainRun.ModelFile)),
            "the killed run should not have finished: " + string.Join(", ", Directory.GetFiles(killed, "*", SearchOption.AllDirectories).Select(Path.GetFileName)));

        var resumed = CliRunner.Run([.. args, "--out", killed, "--resume"]);
        Assert.True(resumed.ExitCode == TrellisCli.Success, resumed.Error);
        Assert.Contains("Resuming", resumed.Out, StringComparison.Ordinal);
        AssertSameRun(straight, killed);
    }

    [Fact]
    public void Train_IrisCsv_TrainsAndReportsAccuracy()
    {
        using var dir = new ScratchDir();
        string run = dir.File("iris");
        var result = CliRunner.Run("train", "--dataset", "iris", "--epochs", "2", "--batch-size", "16", "--out", run, "--data-dir", TestSupport.Fixtures.Path("datasets"));
        Assert.True(result.ExitCode == TrellisCli.Success, result.Error);
        Assert.Contains("120 training and 30 test samples, 4 features, 3 classes", result.Out, StringComparison.Ordinal);
        Assert.Equal(3, File.ReadAllLines(Path.Combine(run, TrainRun.HistoryFile)).Length);
    }

    [Fact]
    public void Train_UnknownDataset_FailsWithTheChoices()
    {
        var result = CliRunner.Run("train", "--dataset", "cifar", "--out", Path.Combine(Path.GetTempPath(), "unused-" + Guid.NewGuid().ToString("N")));
        Assert.Equal(TrellisCli.Failure, result.ExitCode);
        Assert.Contains("fashion-mnist", result.Error, StringComparison.Ordinal);
    }

    private static void AssertSameRun(string a, string b)
    {
        var diff = WeightsDiff.Compare(WeightsFile.Open(LatestCheckpoint(a)), WeightsFile.Open(LatestCheckpoint(b)));
        Assert.NotEmpty(diff);
        Assert.All(diff, e => Assert.True(e.Status == WeightDiffStatus.Same, $"{e.Key}: {e.Status} (max abs {e.MaxAbsDiff})"));
        static string[] Metrics(string run) => File.ReadAllLines(Path.Combine(run, TrainRun.HistoryFile))
            .Select(line => string.Join(',', line.Split(',')[..^1])).ToArray(); // without the timing column
        Assert.Equal(Metrics(a), Metrics(b));
    }
}
