using System.Diagnostics;
using System.Globalization;
using Spectre.Console;
using Trellis.Callbacks;
using Trellis.Checkpoints;
using Trellis.Initializers;
using Trellis.Layers;
using Trellis.Models;
using Trellis.Optimizers;
using Trellis.Reporting;

namespace Trellis.Cli.Training;

/// <summary>
/// One <c>trellis train</c> run: the seed MLP on a dataset, a checkpoint after every epoch (CheckpointManager in
/// <c>OUT/checkpoints</c>), <c>history.csv</c>, <c>report.html</c>, TensorBoard logs and the final <c>model.trellis</c>.
/// </summary>
/// <remarks>
/// Exact resume: every epoch is one <c>Fit</c> call whose shuffle seed depends only on (seed, epoch), and the
/// checkpoint holds the weights, the optimizer's slots and iteration count, and the number of finished epochs. So a
/// run killed at any point and resumed with <c>--resume</c> repeats the unfinished epoch from its start and ends
/// with the same weights, bit for bit, as an uninterrupted run.
/// </remarks>
internal sealed class TrainRun(TrainOptions options, CliOutput io)
{
    private readonly TextWriter output = io.Out;

    /// <summary>Test hook: throw after this many training batches in this run (simulates a kill mid-epoch).</summary>
    internal static readonly AsyncLocal<int?> InterruptAfterBatches = new();

    public const string ModelFile = "model.trellis";
    public const string HistoryFile = "history.csv";
    public const string ReportFile = "report.html";

    public int Run()
    {
        Validate();
        var data = TrainingData.Load(options.Dataset, options.DataDir, options.Samples, options.Seed);
        output.WriteLine($"Dataset {data.Name}: {data.XTrain.Shape[0]} training and {data.XTest.Shape[0]} test samples, {data.Features} features, {data.Classes} classes.");
        var model = BuildModel(data);
        var epoch = new Variable(Tensor.Constant(0L), name: "epoch", trainable: false);
        var checkpoint = new Checkpoint(("model", model), ("optimizer", model.Optimizer!), ("epoch", epoch));
        string checkpointDir = Path.Combine(options.Out, "checkpoints");
        var manager = new CheckpointManager(checkpoint, checkpointDir, maxToKeep: 3);
        int start = 0;
        if (manager.LatestCheckpoint is string latest)
        {
            if (!options.Resume)
            {
                throw new InvalidOperationException($"'{checkpointDir}' already holds checkpoints ({Path.GetFileName(latest)}). Pass --resume to continue that run, or choose another --out.");
            }
            checkpoint.Restore(latest).AssertExistingObjectsMatched();
            start = checked((int)epoch.Item<long>());
            output.WriteLine($"Resuming from {latest} after epoch {start}.");
        }
        else if (options.Resume)
        {
            output.WriteLine($"No checkpoint in '{checkpointDir}'; starting from scratch.");
        }
        string historyPath = Path.Combine(options.Out, HistoryFile);
        var rows = HistoryCsv.Read(historyPath, start);
        using var tensorBoard = new TensorBoard(Path.Combine(options.Out, "logs"));
        var interrupt = new InterruptCallback(InterruptAfterBatches.Value);
        for (int e = start; e < options.Epochs; e++)
        {
            var clock = Stopwatch.StartNew();
            var history = FitEpoch(model, data, e, interrupt);
            double seconds = clock.Elapsed.TotalSeconds;
            var logs = history.Keys.ToDictionary(k => k, k => history[k][^1], StringComparer.Ordinal);
            tensorBoard.OnEpochEnd(e, logs);
            logs["seconds"] = seconds;
            rows.Add(logs);
            // NOTE: history first, checkpoint second. A kill between the two leaves an extra history row, which the
            // resumed run drops (it keeps as many rows as the checkpoint has epochs); the other order would lose a row.
            HistoryCsv.Write(historyPath, rows);
            epoch.Assign(Tensor.Constant((long)(e + 1)));
            manager.Save();
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Epoch {e + 1}/{options.Epochs} - {seconds:0.00}s - ") + string.Join(" - ", logs.Where(kv => kv.Key != "seconds").Select(kv => string.Create(CultureInfo.InvariantCulture, $"{kv.Key}: {kv.Value:0.0000}"))));
        }
        model.Save(Path.Combine(options.Out, ModelFile), overwrite: true);
        WriteReport(model, data, rows);
        output.WriteLine($"Saved {Path.Combine(options.Out, ModelFile)}, {HistoryFile}, {ReportFile} and checkpoints in {checkpointDir}.");
        return TrellisCli.Success;
    }

    // One epoch; on an interactive terminal with a Spectre progress bar over its batches.
    private History FitEpoch(Model model, TrainingData data, int e, Callback interrupt)
    {
        History Fit(params Callback[] extra) => model.Fit(data.XTrain, data.YTrain, batchSize: options.BatchSize, epochs: e + 1, initialEpoch: e,
            verbose: 0, validationData: (data.XTest, data.YTest), seed: EpochSeed(e), callbacks: [interrupt, .. extra]);
        if (!io.Console.Profile.Capabilities.Interactive)
        {
            return Fit();
        }
        int steps = (data.XTrain.Shape[0] + options.BatchSize - 1) / options.BatchSize;
        return io.Console.Progress().AutoClear(true).Start(ctx =>
        {
            var task = ctx.AddTask($"Epoch {e + 1}/{options.Epochs}", maxValue: steps);
            return Fit(new ProgressCallback(task));
        });
    }

    private void Validate()
    {
        if (options.Epochs <= 0 || options.BatchSize <= 0)
        {
            throw new ArgumentException($"--epochs and --batch-size must be positive, but received {options.Epochs} and {options.BatchSize}.");
        }
    }

    // The shuffle order of an epoch depends on the run seed and the epoch only, so a resumed epoch repeats exactly.
    private long EpochSeed(int epoch) => (options.Seed * 1_000_003L) + epoch;

    private Sequential BuildModel(TrainingData data)
    {
        var model = new Sequential(
            new Dense(options.Units, activation: "relu", inputShape: [data.Features]),
            new Dense(data.Classes, activation: "softmax"));
        Optimizer optimizer = OptimizerRegistry.Get(options.Optimizer);
        if (options.LearningRate is double lr)
        {
            optimizer = options.Optimizer.ToLowerInvariant() switch
            {
                "adam" => new Adam(learningRate: lr),
                "sgd" => new SGD(learningRate: lr),
                "rmsprop" => new RMSprop(learningRate: lr),
                _ => optimizer,
            };
        }
        model.Compile(optimizer, "categorical_crossentropy", ["accuracy"]);
        // Seeded Glorot-uniform kernels and zero biases: the same --seed gives the same starting point, bit for bit.
        model.PredictOnBatch(Ops.Gather(data.XTrain, Tensor.Zeros([1], DType.Int32)));
        var weights = model.GetWeights();
        for (int i = 0; i < weights.Length; i++)
        {
            weights[i] = weights[i].Rank == 2
                ? new GlorotUniform(seed: options.Seed + i).Create(weights[i].Shape, weights[i].DType)
                : Tensor.Zeros(weights[i].Shape, weights[i].DType);
        }
        model.SetWeights(weights);
        return model;
    }

    private void WriteReport(Model model, TrainingData data, List<Dictionary<string, double>> rows)
    {
        var series = rows.SelectMany(r => r.Keys).Distinct().Where(k => k != "seconds")
            .Select(k => new KeyValuePair<string, IReadOnlyList<double>>(k, rows.Select(r => r.GetValueOrDefault(k, double.NaN)).ToArray()));
        var report = new Report(series) { Title = $"Trellis training report: {data.Name}" };
        var summary = new StringWriter();
        model.Summary(summary);
        report.ModelSummary = summary.ToString();
        report.EpochSeconds = rows.Select(r => r.GetValueOrDefault("seconds")).ToArray();
        foreach (var (k, v) in new[]
        {
            ("dataset", data.Name),
            ("training samples", data.XTrain.Shape[0].ToString(CultureInfo.InvariantCulture)),
            ("test samples", data.XTest.Shape[0].ToString(CultureInfo.InvariantCulture)),
            ("epochs", options.Epochs.ToString(CultureInfo.InvariantCulture)),
            ("batch size", options.BatchSize.ToString(CultureInfo.InvariantCulture)),
            ("optimizer", options.Optimizer),
            ("learning rate", options.LearningRate?.ToString(CultureInfo.InvariantCulture) ?? "default"),
            ("hidden units", options.Units.ToString(CultureInfo.InvariantCulture)),
            ("seed", options.Seed.ToString(CultureInfo.InvariantCulture)),
        })
        {
            report.Hyperparameters.Add(new(k, v));
        }
        report.Save(Path.Combine(options.Out, ReportFile));
    }

    private sealed class ProgressCallback(ProgressTask task) : Callback
    {
        public override void OnTrainBatchEnd(int batch, IReadOnlyDictionary<string, double> logs)
        {
            task.Increment(1);
            if (logs.TryGetValue("loss", out double loss))
            {
                task.Description = string.Create(CultureInfo.InvariantCulture, $"{task.Description.Split(" loss")[0]} loss {loss:0.0000}");
            }
        }
    }

    private sealed class InterruptCallback(int? afterBatches) : Callback
    {
        private int _batches;

        public override void OnTrainBatchEnd(int batch, IReadOnlyDictionary<string, double> logs)
        {
            if (afterBatches is int limit && ++_batches >= limit)
            {
                throw new TrainingInterruptedException($"Interrupted after {_batches} batches (test hook).");
            }
        }
    }
}
