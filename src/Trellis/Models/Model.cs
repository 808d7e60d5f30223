using Trellis.Layers;
using Trellis.Losses;
using Trellis.Metrics;
using Trellis.Optimizers;
using Trellis.Tracking;

namespace Trellis.Models;

/// <summary>
/// A layer with training and inference methods (Keras <c>Model</c>): <c>Compile</c>, <c>Fit</c>,
/// <c>Evaluate</c>, <c>Predict</c>. Subclass it and override <c>Call</c> for a custom model, or use
/// <see cref="Sequential"/>.
/// </summary>
/// <remarks>The compiled optimizer is tracked as the child <c>optimizer</c>, as tf.keras 2 does, so a checkpoint of
/// the model holds the optimizer state too.</remarks>
public abstract partial class Model : Layer
{
    [TrackAs("optimizer")]
    private Optimizer? _optimizer;

    [NotTracked]
    private Loss? _loss;

    [NotTracked]
    private List<object> _metricSpecs = [];

    [NotTracked]
    private List<IPredictionMetric>? _compiledMetrics;

    /// <summary>Creates a model.</summary>
    /// <param name="name">The model name; the snake_case class name with a counter by default.</param>
    /// <param name="dtype">float32 or float64.</param>
    protected Model(string? name = null, DType dtype = DType.Float32)
        : base(name, dtype)
    {
    }

    /// <summary>The optimizer given to <c>Compile</c>, or null before compiling.</summary>
    public Optimizer? Optimizer => _optimizer;

    /// <summary>The loss given to <c>Compile</c>, or null before compiling.</summary>
    public Loss? Loss => _loss;

    /// <summary>The model's layers (for <see cref="Sequential"/>, in order; otherwise the direct sub-layers).</summary>
    public virtual IReadOnlyList<Layer> Layers => SubLayers;

    /// <summary>Set by a callback to end <c>Fit</c> after the current epoch.</summary>
    public bool StopTraining { get; set; }

    /// <summary>
    /// Whether Fit, Evaluate and Predict run op by op (true) or as traced graph functions (false, the default, as
    /// Keras's <c>run_eagerly</c>). Traced steps read variables and hyperparameters on every call; C# side effects in
    /// a layer's <c>Call</c> run only while tracing.
    /// </summary>
    public bool RunEagerly { get; set; }

    /// <summary>Whether <c>Compile</c> has been called.</summary>
    public bool Compiled => _optimizer is not null;

    /// <summary>Configures training with Keras names.</summary>
    /// <param name="optimizer"><c>adam</c>, <c>sgd</c> or <c>rmsprop</c>.</param>
    /// <param name="loss"><c>categorical_crossentropy</c>, <c>sparse_categorical_crossentropy</c>, <c>binary_crossentropy</c>, <c>mse</c>, <c>mae</c>.</param>
    /// <param name="metrics">Metric names (<c>accuracy</c> resolves from the shapes as in Keras; see <see cref="MetricRegistry.Get"/>) or metric objects (<see cref="IPredictionMetric"/>: the accuracies, <see cref="Auc"/>, <see cref="Precision"/>, <see cref="Recall"/>...).</param>
    /// <param name="runEagerly">Run Fit, Evaluate and Predict op by op instead of as traced graph functions (for debugging).</param>
    /// <exception cref="ArgumentException">A name is unknown.</exception>
    public void Compile(string optimizer = "rmsprop", string loss = "mse", IEnumerable<object>? metrics = null, bool runEagerly = false)
        => Compile(OptimizerRegistry.Get(optimizer), LossRegistry.Get(loss), metrics, runEagerly);

    /// <summary>Configures training with objects.</summary>
    /// <param name="optimizer">The optimizer (tracked as the child <c>optimizer</c>).</param>
    /// <param name="loss">The loss.</param>
    /// <param name="metrics">Metric names or <see cref="IPredictionMetric"/> objects.</param>
    /// <param name="runEagerly">Run Fit, Evaluate and Predict op by op instead of as traced graph functions (for debugging).</param>
    /// <exception cref="ArgumentException">A metric is neither a name nor an <see cref="IPredictionMetric"/>.</exception>
    public void Compile(Optimizer optimizer, Loss loss, IEnumerable<object>? metrics = null, bool runEagerly = false)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(loss);
        var specs = new List<object>();
        foreach (var m in metrics ?? [])
        {
            if (m is not (string or IPredictionMetric))
            {
                throw new ArgumentException($"Compile: metrics must be names (\"accuracy\", \"auc\"...) or metric objects implementing IPredictionMetric (new Auc(), new Precision()...), but received {m?.GetType().Name ?? "null"}.", nameof(metrics));
            }
            specs.Add(m);
        }
        _optimizer = optimizer;
        _loss = loss;
        _metricSpecs = specs;
        _compiledMetrics = null;
        ResetMultiOutputState();
        RunEagerly = runEagerly;
        ResetCompiledSteps();
    }

    /// <summary>Compile with a Keras optimizer name and a loss object.</summary>
    /// <param name="optimizer">An optimizer name.</param>
    /// <param name="loss">The loss.</param>
    /// <param name="metrics">Metric names or objects.</param>
    /// <param name="runEagerly">Run op by op instead of as traced graph functions.</param>
    public void Compile(string optimizer, Loss loss, IEnumerable<object>? metrics = null, bool runEagerly = false)
        => Compile(OptimizerRegistry.Get(optimizer), loss, metrics, runEagerly);

    /// <summary>Compile with an optimizer object and a Keras loss name.</summary>
    /// <param name="optimizer">The optimizer.</param>
    /// <param name="loss">A loss name.</param>
    /// <param name="metrics">Metric names or objects.</param>
    /// <param name="runEagerly">Run op by op instead of as traced graph functions.</param>
    public void Compile(Optimizer optimizer, string loss, IEnumerable<object>? metrics = null, bool runEagerly = false)
        => Compile(optimizer, LossRegistry.Get(loss), metrics, runEagerly);

    /// <summary>Copies of all weights in Keras order (each layer's weights in creation order, layers in order).</summary>
    /// <returns>New tensors, independent of the model.</returns>
    public Tensor[] GetWeights() => [.. Variables.Select(v => v.Value())];

    /// <summary>Sets all weights, in the order of <see cref="GetWeights"/>.</summary>
    /// <param name="weights">One tensor per weight, of the same shapes.</param>
    /// <exception cref="ArgumentException">The count or a shape differs; the message names the weight.</exception>
    public void SetWeights(IReadOnlyList<Tensor> weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        var variables = Variables;
        if (weights.Count != variables.Count)
        {
            throw new ArgumentException($"Model '{Name}' has {variables.Count} weights, but SetWeights received {weights.Count}. Build the model first (call it once or give inputShape) so its weights exist.", nameof(weights));
        }
        for (int i = 0; i < weights.Count; i++)
        {
            if (weights[i].Shape != variables[i].Shape)
            {
                throw new ArgumentException($"Model '{Name}': weight {i} ('{variables[i].Name}') has shape {variables[i].Shape}, but SetWeights received {weights[i].Shape}.", nameof(weights));
            }
        }
        for (int i = 0; i < weights.Count; i++)
        {
            variables[i].Assign(weights[i].DType == variables[i].DType ? weights[i] : Ops.Cast(weights[i], variables[i].DType));
        }
    }

    /// <summary>The compiled metrics, created from the first batch's shapes (null before).</summary>
    internal IReadOnlyList<IPredictionMetric>? CompiledMetrics => _compiledMetrics;

    private List<IPredictionMetric> ResolveMetrics(Tensor y, Tensor yPred)
    {
        if (_compiledMetrics is null)
        {
            _compiledMetrics = [];
            foreach (var spec in _metricSpecs)
            {
                _compiledMetrics.Add(spec is string name ? MetricRegistry.Get(name, y.Shape, yPred.Shape) : (IPredictionMetric)spec);
            }
        }
        return _compiledMetrics;
    }

    /// <summary>False for a model with several inputs or outputs (a functional model): its methods take tensor lists.</summary>
    internal virtual bool HasSingleInputAndOutput => true;

    private void RequireSingleInputAndOutput(string method)
    {
        if (!HasSingleInputAndOutput)
        {
            throw new InvalidOperationException(
                $"Model '{Name}' has several inputs or outputs: {method} takes lists, one tensor per input and target (e.g. {method}([x1, x2], [y1, y2])), or dictionaries by name.");
        }
    }

    private void RequireCompiled(string method)
    {
        if (_optimizer is null || _loss is null)
        {
            throw new InvalidOperationException($"Model '{Name}' must be compiled before {method}: call model.Compile(optimizer: \"adam\", loss: \"categorical_crossentropy\") first.");
        }
    }
}
