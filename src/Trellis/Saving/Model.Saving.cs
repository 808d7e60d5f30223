using Trellis.Metrics;
using Trellis.Saving;

namespace Trellis.Models;

// The whole-model entry points (API.md story 1). They live with the archive code in Saving/ so that Models never
// depends on Saving's internals; Saving is the only folder allowed to know both.
public abstract partial class Model
{
    /// <summary>
    /// Saves the whole model to one archive: config (Keras 3 class names and keys), weights, optimizer state and
    /// training counters, so <see cref="Load"/> rebuilds it with no user code for built-in layers and <c>Fit</c>
    /// continues exactly. The format is described in docs/MODEL_FORMAT.md.
    /// </summary>
    /// <param name="path">The archive path, conventionally ending in <c>.trellis</c>.</param>
    /// <param name="overwrite">Replace an existing file; without it an existing file is an error.</param>
    /// <exception cref="IOException">The file exists and <paramref name="overwrite"/> is false, or writing failed.</exception>
    /// <exception cref="InvalidOperationException">A custom layer or object cannot be serialized (the message says what to implement).</exception>
    public void Save(string path, bool overwrite = false) => ModelArchive.Save(this, path, overwrite);

    /// <summary>Loads a model saved with <see cref="Save"/>, compiled as it was saved, with its weights and optimizer state.</summary>
    /// <param name="path">The archive path.</param>
    /// <param name="customObjects">Custom classes not marked <see cref="RegisterSerializableAttribute"/>, by registered name or class name.</param>
    /// <param name="compile">Compile with the saved optimizer (and its state), loss and metrics.</param>
    /// <param name="safeMode">Only instantiate built-in, registered or <paramref name="customObjects"/> classes (recommended). When false,
    /// an unregistered class is also looked up by its full name in the loaded assemblies.</param>
    /// <returns>The model.</returns>
    /// <exception cref="TrellisFormatException">The file is missing, damaged, of a newer format, or names a class that is not registered;
    /// the message says which member, key or class.</exception>
    public static Model Load(string path, IReadOnlyDictionary<string, Type>? customObjects = null, bool compile = true, bool safeMode = true)
        => ModelArchive.Load(path, customObjects, compile, safeMode);

    /// <summary>
    /// Writes the model's weights as a TensorFlow-format TensorBundle checkpoint at <paramref name="prefix"/>
    /// (<c>prefix.index</c>, <c>prefix.data-00000-of-00001</c>), as tf.keras 2's <c>save_weights</c>: the model's object
    /// graph, including the optimizer's state once compiled.
    /// </summary>
    /// <param name="prefix">The checkpoint prefix; the directory is created if needed.</param>
    /// <exception cref="IOException">Writing failed.</exception>
    public void SaveWeights(string prefix) => ModelArchive.SaveWeights(this, prefix);

    /// <summary>Restores weights written by <see cref="SaveWeights"/> (or a TensorFlow checkpoint of the same model) into this model.</summary>
    /// <param name="prefix">The checkpoint prefix.</param>
    /// <param name="skipMismatch">Leave weights whose shape or dtype differs from the checkpoint's as they are, instead of failing.</param>
    /// <exception cref="TrellisFormatException">The checkpoint is missing or damaged, a weight has no value in it, or (without
    /// <paramref name="skipMismatch"/>) a shape or dtype differs; the message names the weights.</exception>
    public void LoadWeights(string prefix, bool skipMismatch = false) => ModelArchive.LoadWeights(this, prefix, skipMismatch);

    /// <summary>The metrics whose state an archive saves: the resolved ones after training started, else the metric objects given to Compile.</summary>
    internal IReadOnlyList<Metric> SavedMetrics => _compiledMetrics is { } resolved ? [.. resolved.OfType<Metric>()] : [.. _metricSpecs.OfType<Metric>()];

    /// <summary>
    /// After a load: when every compiled metric is an object (as an archive saved after training stores them), marks them
    /// resolved, as they were in the saved model, so Fit resets their restored state at each epoch as it did there.
    /// </summary>
    internal void MarkMetricsResolved()
    {
        if (_metricSpecs.All(m => m is IPredictionMetric))
        {
            _compiledMetrics = [.. _metricSpecs.Cast<IPredictionMetric>()];
        }
    }

    /// <summary>The metrics for compile_config: resolved objects once training started (their state is saved too), else as given.</summary>
    internal IEnumerable<object> SavedMetricSpecs => _compiledMetrics is { } resolved ? resolved : _metricSpecs;
}
