using Trellis.Metrics;
using Trellis.Tracking;

namespace Trellis.Models;

// Training, evaluation and prediction with one tensor per model input and per output (functional models with
// several inputs or outputs). Logs are named as Keras names them: loss (the weighted total), <output>_loss (each
// output's unweighted loss) and <output>_<metric>.
public abstract partial class Model
{
    [NotTracked]
    private List<(string Name, IPredictionMetric Metric, int Output)>? _outputMetrics;

    /// <summary>Trains a model with several inputs or outputs for a number of epochs (Keras <c>fit</c> with lists).</summary>
    /// <param name="x">One tensor per model input, batch axis first, all with the same number of samples.</param>
    /// <param name="y">One target tensor per model output.</param>
    /// <param name="batchSize">Samples per gradient step.</param>
    /// <param name="epochs">The epoch to stop after.</param>
    /// <param name="verbose">0 silent, 1 progress bar, 2 one line per epoch.</param>
    /// <param name="callbacks">Callbacks called during training.</param>
    /// <param name="validationData">Validation inputs and targets, evaluated after each epoch (logged with <c>val_</c>).</param>
    /// <param name="shuffle">Shuffle the samples (the same order for every input and target) before each epoch.</param>
    /// <param name="initialEpoch">The epoch to start from.</param>
    /// <param name="seed">Seed for the shuffling order; null draws one.</param>
    /// <param name="output">Where the progress is written; <see cref="Console.Out"/> when null.</param>
    /// <returns>The per-epoch logs.</returns>
    /// <exception cref="InvalidOperationException">The model is not compiled.</exception>
    /// <exception cref="ArgumentException">The numbers of tensors or samples do not match the model.</exception>
    public History Fit(IReadOnlyList<Tensor> x, IReadOnlyList<Tensor> y, int batchSize = 32, int epochs = 1, int verbose = 1, IEnumerable<Callback>? callbacks = null,
        (IReadOnlyList<Tensor> X, IReadOnlyList<Tensor> Y)? validationData = null, bool shuffle = true, int initialEpoch = 0, long? seed = null, TextWriter? output = null)
    {
        RequireCompiled(nameof(Fit));
        int samples = CheckMultiData(x, y, nameof(Fit));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        if (validationData is { } v)
        {
            CheckMultiData(v.X, v.Y, nameof(Fit) + " validationData");
        }
        int steps = (samples + batchSize - 1) / batchSize;
        long shuffleSeed = seed ?? Random.Shared.NextInt64();
        IEnumerable<(Tensor[] X, Tensor[] Y)> EpochBatches(int epoch)
        {
            int[] order = shuffle ? ShuffleOrder.Permutation(shuffleSeed, epoch, samples) : [.. Enumerable.Range(0, samples)];
            for (int step = 0; step < steps; step++)
            {
                int start = step * batchSize, count = Math.Min(batchSize, samples - start);
                var indices = Tensor.Constant(order.AsSpan(start, count).ToArray(), [count]);
                yield return ([.. x.Select(t => Ops.Gather(t, indices))], [.. y.Select(t => Ops.Gather(t, indices))]);
            }
        }
        RefreshMultiTrainFunction();
        var trackers = NewTrackers();
        Func<Dictionary<string, double>>? validate = validationData is { } val ? () => EvaluateMulti(val.X, val.Y, batchSize) : null;
        return FitCore(epoch => (steps, EpochBatches(epoch)), () => trackers = NewTrackers(), b => MultiStep(b.X, b.Y, trackers, train: true),
            () => MultiLogs(trackers, ""), epochs, verbose, callbacks, validate, initialEpoch, output);
    }

    /// <summary>Runs one gradient step on a batch given as one tensor per input and per output.</summary>
    /// <param name="x">One batch per input.</param>
    /// <param name="y">One target batch per output.</param>
    /// <returns>The batch's logs: <c>loss</c>, <c>&lt;output&gt;_loss</c>, metrics.</returns>
    /// <exception cref="InvalidOperationException">The model is not compiled.</exception>
    public Dictionary<string, double> TrainOnBatch(IReadOnlyList<Tensor> x, IReadOnlyList<Tensor> y)
    {
        RequireCompiled(nameof(TrainOnBatch));
        CheckMultiData(x, y, nameof(TrainOnBatch));
        RefreshMultiTrainFunction();
        var trackers = NewTrackers();
        MultiStep(x, y, trackers, train: true);
        return MultiLogs(trackers, "");
    }

    /// <summary>The loss and metrics of a model with several inputs or outputs, without training.</summary>
    /// <param name="x">One tensor per input.</param>
    /// <param name="y">One target tensor per output.</param>
    /// <param name="batchSize">Samples per forward pass.</param>
    /// <returns><c>loss</c>, <c>&lt;output&gt;_loss</c> and metrics, averaged over all samples.</returns>
    /// <exception cref="InvalidOperationException">The model is not compiled.</exception>
    public Dictionary<string, double> Evaluate(IReadOnlyList<Tensor> x, IReadOnlyList<Tensor> y, int batchSize = 32)
    {
        RequireCompiled(nameof(Evaluate));
        CheckMultiData(x, y, nameof(Evaluate));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        return EvaluateMulti(x, y, batchSize);
    }

    /// <summary>The outputs of a model with several inputs or outputs, computed in batches in inference mode.</summary>
    /// <param name="x">One tensor per input, batch axis first.</param>
    /// <param name="batchSize">Samples per forward pass.</param>
    /// <returns>One tensor per output.</returns>
    /// <exception cref="ArgumentException">The number of tensors or samples does not match the model.</exception>
    public Tensor[] Predict(IReadOnlyList<Tensor> x, int batchSize = 32)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        int n = CheckInputs(x, nameof(Predict));
        var parts = new List<IReadOnlyList<Tensor>>();
        for (int start = 0; start < n; start += batchSize)
        {
            int count = Math.Min(batchSize, n - start);
            parts.Add(RunMultiPredictStep(n <= batchSize ? x : [.. x.Select(t => Rows(t, start, count))]));
        }
        return [.. Enumerable.Range(0, parts[0].Count).Select(o => parts.Count == 1 ? parts[0][o] : Ops.Concat([.. parts.Select(p => p[o])], 0))];
    }

    private Dictionary<string, double> EvaluateMulti(IReadOnlyList<Tensor> x, IReadOnlyList<Tensor> y, int batchSize)
    {
        var trackers = NewTrackers();
        int n = x[0].Shape[0];
        for (int start = 0; start < n; start += batchSize)
        {
            int count = Math.Min(batchSize, n - start);
            MultiStep([.. x.Select(t => Rows(t, start, count))], [.. y.Select(t => Rows(t, start, count))], trackers, train: false);
        }
        return MultiLogs(trackers, "");
    }

    /// <summary>The model's outputs for one tensor per input.</summary>
    private IReadOnlyList<Tensor> Forward(IReadOnlyList<Tensor> x, bool training)
        => this is Functional f ? f.Run(x, training) : [Apply(x[0], training)];

    /// <summary>Loss trackers: the total, then one per output.</summary>
    private Mean[] NewTrackers()
    {
        foreach (var (_, metric, _) in _outputMetrics ?? [])
        {
            metric.Reset();
        }
        return [new Mean("loss"), .. OutputNamesForLogs().Select(n => new Mean(n + "_loss"))];
    }

    private void MultiStep(IReadOnlyList<Tensor> x, IReadOnlyList<Tensor> y, Mean[] trackers, bool train)
    {
        using var scope = RunEagerly ? new TensorScope() : null; // as in TrainStep: trackers and metrics are variables

        var (total, perOutput, predictions) = RunMultiStep(x, y, train);
        var batch = Tensor.Scalar(x[0].Shape[0], DType.Float32);
        trackers[0].UpdateState(total, batch);
        for (int i = 0; i < y.Count; i++)
        {
            trackers[i + 1].UpdateState(perOutput[i], batch);
        }
        foreach (var (_, metric, output) in ResolveOutputMetrics(y, predictions))
        {
            metric.UpdateState(y[output], predictions[output]);
        }
    }

    private List<(string Name, IPredictionMetric Metric, int Output)> ResolveOutputMetrics(IReadOnlyList<Tensor> y, Tensor[] predictions)
    {
        if (_outputMetrics is null)
        {
            var names = OutputNamesForLogs();
            _outputMetrics = [];
            for (int o = 0; o < y.Count; o++)
            {
                foreach (var spec in _metricSpecs)
                {
                    var metric = spec is string name ? MetricRegistry.Get(name, y[o].Shape, predictions[o].Shape) : (IPredictionMetric)spec;
                    _outputMetrics.Add((y.Count == 1 ? metric.Name : $"{names[o]}_{metric.Name}", metric, o));
                }
            }
        }
        return _outputMetrics;
    }

    private Dictionary<string, double> MultiLogs(Mean[] trackers, string prefix)
    {
        var logs = new Dictionary<string, double> { [prefix + "loss"] = trackers[0].Result().GetAsDouble(0) };
        if (trackers.Length > 2)
        {
            // As Keras: a per-output loss is logged only when there are several outputs.
            foreach (var t in trackers.Skip(1))
            {
                logs[prefix + t.Name] = t.Result().GetAsDouble(0);
            }
        }
        foreach (var (name, metric, _) in _outputMetrics ?? [])
        {
            logs[prefix + name] = metric.Result().GetAsDouble(0);
        }
        return logs;
    }

    private IReadOnlyList<string> OutputNamesForLogs() => this is Functional f ? f.OutputNames : ["output"];

    private int CheckInputs(IReadOnlyList<Tensor> x, string method)
    {
        int expected = this is Functional f ? f.Inputs.Count : 1;
        if (x.Count != expected || x.Any(t => t is null || t.Rank == 0))
        {
            throw new ArgumentException($"Model '{Name}'.{method}: expected {expected} input tensor(s) with a batch axis, but received {x.Count}.", nameof(x));
        }
        int n = x[0].Shape[0];
        if (x.Any(t => t.Shape[0] != n))
        {
            throw new ArgumentException($"Model '{Name}'.{method}: every input must have the same number of samples, but received {string.Join(", ", x.Select(t => t.Shape.ToString()))}.", nameof(x));
        }
        return n;
    }

    private int CheckMultiData(IReadOnlyList<Tensor> x, IReadOnlyList<Tensor> y, string method)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        int n = CheckInputs(x, method);
        int outputs = this is Functional f ? f.Outputs.Count : 1;
        if (y.Count != outputs || y.Any(t => t is null || t.Rank == 0 || t.Shape[0] != n))
        {
            throw new ArgumentException(
                $"Model '{Name}'.{method}: expected {outputs} target tensor(s){OutputList()} with {n} samples each, but received {y.Count}: {string.Join(", ", y.Select(t => t?.Shape.ToString() ?? "null"))}.", nameof(y));
        }
        return n;
    }
}
