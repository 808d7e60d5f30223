namespace Trellis.Models;

// Data given by input and output name (Keras's dict inputs), for functional models: mapped onto the tensor-list overloads.
public abstract partial class Model
{
    /// <summary>Trains a functional model on data keyed by input name and targets keyed by output name.</summary>
    /// <param name="x">One tensor per input, keyed by <see cref="Functional.InputNames"/>.</param>
    /// <param name="y">One target per output, keyed by <see cref="Functional.OutputNames"/>.</param>
    /// <param name="batchSize">Samples per gradient step.</param>
    /// <param name="epochs">The epoch to stop after.</param>
    /// <param name="verbose">0 silent, 1 progress bar, 2 one line per epoch.</param>
    /// <param name="callbacks">Callbacks called during training.</param>
    /// <param name="shuffle">Shuffle the samples before each epoch.</param>
    /// <param name="initialEpoch">The epoch to start from.</param>
    /// <param name="seed">Seed for the shuffling order; null draws one.</param>
    /// <param name="output">Where the progress is written; <see cref="Console.Out"/> when null.</param>
    /// <returns>The per-epoch logs.</returns>
    /// <exception cref="ArgumentException">A name is missing or unknown (the message lists the model's names), or the model is not functional.</exception>
    public History Fit(IReadOnlyDictionary<string, Tensor> x, IReadOnlyDictionary<string, Tensor> y, int batchSize = 32, int epochs = 1, int verbose = 1,
        IEnumerable<Callback>? callbacks = null, bool shuffle = true, int initialEpoch = 0, long? seed = null, TextWriter? output = null)
    {
        var f = RequireFunctional(nameof(Fit));
        return Fit(ByName(x, f.InputNames, "input"), ByName(y, f.OutputNames, "output"), batchSize, epochs, verbose, callbacks, null, shuffle, initialEpoch, seed, output);
    }

    /// <summary>The loss and metrics of a functional model on data keyed by input and output name.</summary>
    /// <param name="x">One tensor per input, keyed by input name.</param>
    /// <param name="y">One target per output, keyed by output name.</param>
    /// <param name="batchSize">Samples per forward pass.</param>
    /// <returns>The logs, as the tensor-list <c>Evaluate</c>.</returns>
    /// <exception cref="ArgumentException">A name is missing or unknown, or the model is not functional.</exception>
    public Dictionary<string, double> Evaluate(IReadOnlyDictionary<string, Tensor> x, IReadOnlyDictionary<string, Tensor> y, int batchSize = 32)
    {
        var f = RequireFunctional(nameof(Evaluate));
        return Evaluate(ByName(x, f.InputNames, "input"), ByName(y, f.OutputNames, "output"), batchSize);
    }

    /// <summary>The outputs of a functional model for data keyed by input name, keyed by output name.</summary>
    /// <param name="x">One tensor per input, keyed by input name.</param>
    /// <param name="batchSize">Samples per forward pass.</param>
    /// <returns>One tensor per output, keyed by <see cref="Functional.OutputNames"/>.</returns>
    /// <exception cref="ArgumentException">A name is missing or unknown, or the model is not functional.</exception>
    public Dictionary<string, Tensor> Predict(IReadOnlyDictionary<string, Tensor> x, int batchSize = 32)
    {
        var f = RequireFunctional(nameof(Predict));
        var outputs = Predict(ByName(x, f.InputNames, "input"), batchSize);
        return f.OutputNames.Select((name, i) => (name, outputs[i])).ToDictionary(p => p.name, p => p.Item2, StringComparer.Ordinal);
    }

    private Functional RequireFunctional(string method) => this as Functional
        ?? throw new ArgumentException($"Model '{Name}'.{method}: data keyed by name needs a Functional model (its inputs and outputs have names); pass tensors instead.");

    private Tensor[] ByName(IReadOnlyDictionary<string, Tensor> data, IReadOnlyList<string> names, string kind)
    {
        ArgumentNullException.ThrowIfNull(data);
        string expected = string.Join(", ", names.Select(n => $"'{n}'"));
        if (data.Keys.FirstOrDefault(k => !names.Contains(k)) is { } unknown)
        {
            throw new ArgumentException($"Model '{Name}' has no {kind} named '{unknown}'; its {kind}s are [{expected}].", nameof(data));
        }
        return [.. names.Select(n => data.TryGetValue(n, out var t) ? t
            : throw new ArgumentException($"Model '{Name}': no data for the {kind} '{n}'; pass one tensor for each of [{expected}].", nameof(data)))];
    }
}
