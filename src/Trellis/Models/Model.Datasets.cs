using Trellis.Data;

namespace Trellis.Models;

public abstract partial class Model
{
    /// <summary>Trains on a dataset of (x, y) batches, one pass per epoch (Keras <c>fit</c> with a tf.data dataset).</summary>
    /// <param name="dataset">Batches, e.g. <c>Dataset.FromTensorSlices(x, y).Shuffle(1000).Batch(32)</c>; enumerated again each epoch.</param>
    /// <param name="epochs">The epoch to stop after.</param>
    /// <param name="verbose">0 silent, 1 progress bar, 2 one line per epoch.</param>
    /// <param name="callbacks">Callbacks called during training.</param>
    /// <param name="validationData">A dataset of validation batches, or null.</param>
    /// <param name="initialEpoch">The epoch to start from.</param>
    /// <param name="output">Where the progress is written; <see cref="Console.Out"/> when null.</param>
    /// <returns>The per-epoch loss and metrics.</returns>
    /// <exception cref="InvalidOperationException">The model is not compiled.</exception>
    public History Fit(Dataset<(Tensor X, Tensor Y)> dataset, int epochs = 1, int verbose = 1, IEnumerable<Callback>? callbacks = null,
        Dataset<(Tensor X, Tensor Y)>? validationData = null, int initialEpoch = 0, TextWriter? output = null)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        RequireCompiled(nameof(Fit));
        // The batches of one epoch are listed first so the progress bar knows the step count.
        (int, IEnumerable<(Tensor, Tensor, Tensor?)>) Epoch(int epoch)
        {
            var batches = dataset.Select(b => (b.X, b.Y, (Tensor?)null)).ToList();
            return (batches.Count, batches);
        }
        return FitSingleOutput(Epoch, epochs, verbose, callbacks, validationData is null ? null : () => Evaluate(validationData), initialEpoch, output);
    }

    /// <summary>The loss and metrics over a dataset of (x, y) batches.</summary>
    /// <param name="dataset">The batches.</param>
    /// <returns><c>loss</c> and each compiled metric, averaged over all samples.</returns>
    /// <exception cref="InvalidOperationException">The model is not compiled.</exception>
    public Dictionary<string, double> Evaluate(Dataset<(Tensor X, Tensor Y)> dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        RequireCompiled(nameof(Evaluate));
        var lossTracker = new RunningMean();
        foreach (var m in _compiledMetrics ?? [])
        {
            m.Reset();
        }
        foreach (var (x, y) in dataset)
        {
            TestStep(x, y, lossTracker);
        }
        return Logs(lossTracker, "");
    }

    /// <summary>The outputs for every batch of a dataset, joined along the batch axis.</summary>
    /// <param name="dataset">Batches of inputs.</param>
    /// <returns>The outputs.</returns>
    public Tensor Predict(Dataset<Tensor> dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        var parts = dataset.Select(RunPredictStep).ToArray();
        return parts.Length == 1 ? parts[0] : Ops.Concat(parts, 0);
    }
}
