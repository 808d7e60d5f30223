using Trellis.Losses;
using Trellis.Optimizers;
using Trellis.Tracking;

namespace Trellis.Models;

// Compile settings for models with several outputs (Keras: a list of losses and loss_weights).
public abstract partial class Model
{
    [NotTracked]
    private List<Loss>? _outputLosses;

    [NotTracked]
    private double[]? _lossWeights;

    /// <summary>The losses per output given to <c>Compile</c>, or null when one loss was given.</summary>
    public IReadOnlyList<Loss>? OutputLosses => _outputLosses;

    /// <summary>The weight of each output's loss in the total, or null (all 1).</summary>
    public IReadOnlyList<double>? LossWeights => _lossWeights;

    /// <summary>Configures training of a model with several outputs: one loss per output, the total loss being
    /// <c>sum_i lossWeights[i] * loss_i</c> plus the regularization penalties (Keras <c>compile(loss=[...], loss_weights=[...])</c>).</summary>
    /// <param name="optimizer">The optimizer (tracked as the child <c>optimizer</c>).</param>
    /// <param name="losses">One loss per output, in the order of the model's outputs.</param>
    /// <param name="metrics">Metric names, computed for every output and logged as <c>&lt;output&gt;_&lt;metric&gt;</c>.</param>
    /// <param name="lossWeights">One weight per output (all 1 when null).</param>
    /// <exception cref="ArgumentException">The number of losses or weights differs from the number of outputs, or a metric is not a name.</exception>
    /// <param name="runEagerly">Run Fit, Evaluate and Predict op by op instead of as traced graph functions (for debugging).</param>
    public void Compile(Optimizer optimizer, IReadOnlyList<Loss> losses, IEnumerable<object>? metrics = null, IReadOnlyList<double>? lossWeights = null, bool runEagerly = false)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(losses);
        if (losses.Count == 0 || losses.Any(l => l is null))
        {
            throw new ArgumentException($"Model '{Name}': Compile expects one loss per output, but received {losses.Count} (or a null).", nameof(losses));
        }
        int outputs = this is Functional f ? f.Outputs.Count : 1;
        if (losses.Count != outputs)
        {
            throw new ArgumentException(
                $"Model '{Name}' has {outputs} output(s){OutputList()}, but Compile received {losses.Count} losses. Pass one loss per output, in the order of the outputs.", nameof(losses));
        }
        if (lossWeights is not null && lossWeights.Count != losses.Count)
        {
            throw new ArgumentException($"Model '{Name}': Compile received {losses.Count} losses but {lossWeights.Count} loss weights; pass one weight per output.", nameof(lossWeights));
        }
        var list = metrics?.ToList() ?? [];
        if (losses.Count > 1 && list.Any(m => m is not string))
        {
            throw new ArgumentException($"Model '{Name}' has {losses.Count} outputs: pass metrics by name (\"mae\", \"accuracy\"); each output gets its own instance.", nameof(metrics));
        }
        Compile(optimizer, losses[0], list, runEagerly);
        _outputLosses = [.. losses];
        _lossWeights = lossWeights is null ? null : [.. lossWeights];
    }

    /// <summary>Configures training of a model with several outputs with Keras names.</summary>
    /// <param name="optimizer">An optimizer name (<c>adam</c>, <c>sgd</c>, <c>rmsprop</c>...).</param>
    /// <param name="losses">One loss name per output.</param>
    /// <param name="metrics">Metric names, computed for every output.</param>
    /// <param name="lossWeights">One weight per output (all 1 when null).</param>
    /// <exception cref="ArgumentException">A name is unknown, or the counts differ from the number of outputs.</exception>
    /// <param name="runEagerly">Run Fit, Evaluate and Predict op by op instead of as traced graph functions.</param>
    public void Compile(string optimizer, IReadOnlyList<string> losses, IEnumerable<object>? metrics = null, IReadOnlyList<double>? lossWeights = null, bool runEagerly = false)
    {
        ArgumentNullException.ThrowIfNull(losses);
        Compile(OptimizerRegistry.Get(optimizer), [.. losses.Select(LossRegistry.Get)], metrics, lossWeights, runEagerly);
    }

    private string OutputList() => this is Functional f ? " [" + string.Join(", ", f.OutputNames.Select(n => $"'{n}'")) + "]" : "";
}
