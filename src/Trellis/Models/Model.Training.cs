using Trellis.Metrics;

namespace Trellis.Models;

public abstract partial class Model
{
    /// <summary>Trains the model for a number of epochs on in-memory data (Keras <c>fit</c>).</summary>
    /// <param name="x">Inputs, batch axis first.</param>
    /// <param name="y">Targets, batch axis first.</param>
    /// <param name="batchSize">Samples per gradient step (the last batch may be smaller).</param>
    /// <param name="epochs">The epoch to stop after (counting from 0, so with <paramref name="initialEpoch"/> 0 this is the number of epochs).</param>
    /// <param name="verbose">0 silent, 1 progress bar, 2 one line per epoch.</param>
    /// <param name="callbacks">Callbacks called during training, after the built-in history and progress logger.</param>
    /// <param name="validationSplit">Fraction of the data, taken from the end before shuffling, held out for validation.</param>
    /// <param name="validationData">Separate validation data (takes precedence over the split).</param>
    /// <param name="shuffle">Shuffle the training samples before each epoch.</param>
    /// <param name="initialEpoch">The epoch to start from (to resume training).</param>
    /// <param name="seed">Seed for the shuffling order: epoch e's order depends on (seed, e) only, so a run resumed with <paramref name="initialEpoch"/> shuffles as an uninterrupted one; null draws one.</param>
    /// <param name="output">Where the progress is written; <see cref="Console.Out"/> when null.</param>
    /// <param name="sampleWeight">One weight per training sample (scales its loss and metric contributions), or null.</param>
    /// <param name="classWeight">A weight per class index (from integer targets, or the argmax of one-hot ones), or null.</param>
    /// <returns>The per-epoch loss and metrics.</returns>
    /// <exception cref="InvalidOperationException">The model is not compiled.</exception>
    /// <exception cref="ArgumentException">x and y have different numbers of samples, or an argument is out of range.</exception>
    public History Fit(Tensor x, Tensor y, int batchSize = 32, int epochs = 1, int verbose = 1, IEnumerable<Callback>? callbacks = null,
        double validationSplit = 0, (Tensor X, Tensor Y)? validationData = null, bool shuffle = true, int initialEpoch = 0, long? seed = null, TextWriter? output = null,
        Tensor? sampleWeight = null, IReadOnlyDictionary<int, double>? classWeight = null)
    {
        RequireCompiled(nameof(Fit));
        RequireSingleInputAndOutput(nameof(Fit));
        CheckData(x, y, nameof(Fit));
        if (batchSize <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "Fit expects a positive batch size.");
        }
        if (!(validationSplit >= 0 && validationSplit < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(validationSplit), validationSplit, "Fit expects a validation split in [0, 1).");
        }
        if (validationData is null && validationSplit > 0)
        {
            int n = x.Shape[0];
            int trainCount = (int)Math.Floor(n * (1 - validationSplit));
            validationData = (Rows(x, trainCount, n - trainCount), Rows(y, trainCount, n - trainCount));
            x = Rows(x, 0, trainCount);
            y = Rows(y, 0, trainCount);
            sampleWeight = sampleWeight is null ? null : Rows(sampleWeight, 0, trainCount);
        }
        var weights = SampleWeights.Combine(sampleWeight, classWeight, y);
        int samples = x.Shape[0];
        int steps = (samples + batchSize - 1) / batchSize;
        long shuffleSeed = seed ?? Random.Shared.NextInt64();
        var gatherer = new BatchGatherer(x, y, weights);
        IEnumerable<(Tensor X, Tensor Y, Tensor? W)> EpochBatches(int epoch)
        {
            int[] order = shuffle ? ShuffleOrder.Permutation(shuffleSeed, epoch, samples) : [.. Enumerable.Range(0, samples)];
            for (int step = 0; step < steps; step++)
            {
                int start = step * batchSize, count = Math.Min(batchSize, samples - start);
                yield return gatherer.Gather(order, start, count);
            }
        }
        var val = validationData;
        return FitSingleOutput(epoch => (steps, EpochBatches(epoch)), epochs, verbose, callbacks,
            val is { } v ? () => EvaluateCore(v.X, v.Y, batchSize) : null, initialEpoch, output);
    }

    /// <summary>The epoch loop for one input and output: the loss average and compiled metrics, reset each epoch.</summary>
    private History FitSingleOutput(Func<int, (int Steps, IEnumerable<(Tensor X, Tensor Y, Tensor? W)> Batches)> epochData, int epochs, int verbose,
        IEnumerable<Callback>? callbacks, Func<Dictionary<string, double>>? validate, int initialEpoch, TextWriter? output)
    {
        var lossTracker = new RunningMean();
        RefreshTrainFunction();
        void BeginEpoch()
        {
            lossTracker.Reset();
            foreach (var m in _compiledMetrics ?? [])
            {
                m.Reset();
            }
        }
        return FitCore(epochData, BeginEpoch, b => TrainStep(b.X, b.Y, b.W, lossTracker), () => Logs(lossTracker, ""),
            epochs, verbose, callbacks, validate, initialEpoch, output);
    }

    /// <summary>
    /// Keras's fit loop, shared by every Fit overload: callbacks (History, the progress bar, the user's), epochs from
    /// <paramref name="initialEpoch"/>, one train step per batch of <paramref name="epochData"/>(epoch), validation
    /// after each epoch. Per-batch logs are built only when a callback overrides a batch hook.
    /// </summary>
    private History FitCore<TBatch>(Func<int, (int Steps, IEnumerable<TBatch> Batches)> epochData, Action beginEpoch, Action<TBatch> trainStep,
        Func<Dictionary<string, double>> epochLogs, int epochs, int verbose, IEnumerable<Callback>? callbacks,
        Func<Dictionary<string, double>>? validate, int initialEpoch, TextWriter? output)
    {
        var history = new History();
        var all = new List<Callback> { history };
        ProgbarLogger? progress = null;
        if (verbose > 0)
        {
            progress = new ProgbarLogger(verbose, output);
            all.Add(progress);
        }
        all.AddRange(callbacks ?? []);
        foreach (var c in all)
        {
            c.Model = this;
        }
        var empty = new Dictionary<string, double>();
        StopTraining = false;
        all.ForEach(c => c.OnTrainBegin(empty));
        // Per-batch logs cost a dictionary and every metric's result: built only when a callback reads them.
        var batchBegin = all.Where(c => Overrides(c, nameof(Callback.OnTrainBatchBegin))).ToArray();
        var batchEnd = all.Where(c => Overrides(c, nameof(Callback.OnTrainBatchEnd))).ToArray();
        Dictionary<string, double> logs = empty;
        for (int epoch = initialEpoch; epoch < epochs && !StopTraining; epoch++)
        {
            var (steps, batches) = epochData(epoch);
            progress?.SetParams(epochs, steps);
            all.ForEach(c => c.OnEpochBegin(epoch, empty));
            beginEpoch();
            int step = 0;
            foreach (var batch in batches)
            {
                int batchIndex = step++;
                foreach (var c in batchBegin)
                {
                    c.OnTrainBatchBegin(batchIndex, empty);
                }
                trainStep(batch);
                if (batchEnd.Length > 0)
                {
                    logs = epochLogs();
                    foreach (var c in batchEnd)
                    {
                        c.OnTrainBatchEnd(batchIndex, logs);
                    }
                }
            }
            logs = epochLogs();
            if (validate is not null)
            {
                foreach (var (key, value) in validate())
                {
                    logs["val_" + key] = value;
                }
            }
            int epochIndex = epoch;
            all.ForEach(c => c.OnEpochEnd(epochIndex, logs));
        }
        all.ForEach(c => c.OnTrainEnd(logs));
        return history;
    }

    /// <summary>Runs one gradient step on a batch (Keras <c>train_on_batch</c>).</summary>
    /// <param name="x">A batch of inputs.</param>
    /// <param name="y">Its targets.</param>
    /// <returns>The batch's loss and metrics.</returns>
    /// <exception cref="InvalidOperationException">The model is not compiled.</exception>
    public Dictionary<string, double> TrainOnBatch(Tensor x, Tensor y)
    {
        RequireCompiled(nameof(TrainOnBatch));
        RequireSingleInputAndOutput(nameof(TrainOnBatch));
        CheckData(x, y, nameof(TrainOnBatch));
        RefreshTrainFunction();
        var tracker = new RunningMean();
        foreach (var m in _compiledMetrics ?? [])
        {
            m.Reset();
        }
        TrainStep(x, y, null, tracker);
        return Logs(tracker, "");
    }

    /// <summary>The loss and metrics on data, without training (Keras <c>evaluate</c>).</summary>
    /// <param name="x">Inputs.</param>
    /// <param name="y">Targets.</param>
    /// <param name="batchSize">Samples per forward pass.</param>
    /// <returns><c>loss</c> and each compiled metric, averaged over all samples.</returns>
    /// <exception cref="InvalidOperationException">The model is not compiled.</exception>
    public Dictionary<string, double> Evaluate(Tensor x, Tensor y, int batchSize = 32)
    {
        RequireCompiled(nameof(Evaluate));
        RequireSingleInputAndOutput(nameof(Evaluate));
        CheckData(x, y, nameof(Evaluate));
        return EvaluateCore(x, y, batchSize);
    }

    /// <summary>The model's outputs for <paramref name="x"/>, computed in batches in inference mode (Keras <c>predict</c>).</summary>
    /// <param name="x">Inputs, batch axis first.</param>
    /// <param name="batchSize">Samples per forward pass.</param>
    /// <returns>The outputs, batch axis first.</returns>
    public Tensor Predict(Tensor x, int batchSize = 32)
    {
        ArgumentNullException.ThrowIfNull(x);
        RequireSingleInputAndOutput(nameof(Predict));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        int n = x.Shape[0];
        if (n <= batchSize)
        {
            return RunPredictStep(x);
        }
        var parts = new List<Tensor>();
        for (int start = 0; start < n; start += batchSize)
        {
            parts.Add(RunPredictStep(Rows(x, start, Math.Min(batchSize, n - start))));
        }
        return Ops.Concat([.. parts], 0);
    }

    /// <summary>The outputs for one batch, in inference mode.</summary>
    /// <param name="x">A batch of inputs.</param>
    /// <returns>The outputs.</returns>
    public Tensor PredictOnBatch(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        return RunPredictStep(x);
    }

    private void TrainStep(Tensor x, Tensor y, Tensor? sampleWeight, RunningMean lossTracker)
    {
        // An eager step owns every intermediate: the loss is read into a double and the weights, slots, metrics and
        // seeds are variables assigned by copy, so its pooled arrays can all go back when the step ends.
        using var scope = RunEagerly ? new TensorScope() : null;
        var (loss, predictions) = RunTrainStep(x, y, sampleWeight);
        lossTracker.Add(loss.GetAsDouble(0), x.Shape[0]);
        if (predictions is not null)
        {
            foreach (var m in ResolveMetrics(y, predictions))
            {
                m.UpdateState(y, predictions, sampleWeight);
            }
        }
    }

    private Dictionary<string, double> EvaluateCore(Tensor x, Tensor y, int batchSize)
    {
        // As in Keras, evaluation reuses the compiled metrics after a reset (Fit has already logged the epoch).
        var lossTracker = new RunningMean();
        foreach (var m in _compiledMetrics ?? [])
        {
            m.Reset();
        }
        int n = x.Shape[0];
        for (int start = 0; start < n; start += batchSize)
        {
            int count = Math.Min(batchSize, n - start);
            Tensor xb = Rows(x, start, count), yb = Rows(y, start, count);
            TestStep(xb, yb, lossTracker);
        }
        return Logs(lossTracker, "");
    }

    private void TestStep(Tensor x, Tensor y, RunningMean lossTracker)
    {
        using var scope = RunEagerly ? new TensorScope() : null; // as in TrainStep: nothing of the step outlives it
        var (loss, predictions) = RunTestStep(x, y);
        lossTracker.Add(loss.GetAsDouble(0), x.Shape[0]);
        foreach (var m in ResolveMetrics(y, predictions))
        {
            m.UpdateState(y, predictions);
        }
    }

    private static bool Overrides(Callback callback, string method) =>
        callback.GetType().GetMethod(method, [typeof(int), typeof(IReadOnlyDictionary<string, double>)])?.DeclaringType != typeof(Callback);

    private Dictionary<string, double> Logs(RunningMean lossTracker, string prefix)
    {
        var logs = new Dictionary<string, double> { [prefix + "loss"] = lossTracker.Result };
        foreach (var m in _compiledMetrics ?? [])
        {
            logs[prefix + m.Name] = m.Result().GetAsDouble(0);
        }
        return logs;
    }

    private static Tensor Rows(Tensor t, int start, int count)
    {
        int[] begin = new int[t.Rank];
        int[] size = t.Shape.ToArray();
        begin[0] = start;
        size[0] = count;
        return Ops.Slice(t, begin, size);
    }

    private void CheckData(Tensor x, Tensor y, string method)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (x.Rank == 0 || y.Rank == 0 || x.Shape[0] != y.Shape[0])
        {
            throw new ArgumentException($"Model '{Name}'.{method}: x and y must have the same number of samples (first axis), but received x {x.Shape} and y {y.Shape}.");
        }
    }
}
