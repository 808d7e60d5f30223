using Trellis.Layers;
using Trellis.Losses;
using Trellis.Metrics;
using Trellis.Models;
using Trellis.Optimizers;

namespace Trellis.Saving;

internal static partial class SerializableRegistry
{
    private static readonly Dictionary<string, Func<ConfigReader, LoadContext, Metric>> s_metrics = new(StringComparer.Ordinal)
    {
        ["Accuracy"] = (c, _) => new Accuracy(c.GetString("name", "accuracy")),
        ["CategoricalAccuracy"] = (c, _) => new CategoricalAccuracy(c.GetString("name", "categorical_accuracy")),
        ["SparseCategoricalAccuracy"] = (c, _) => new SparseCategoricalAccuracy(c.GetString("name", "sparse_categorical_accuracy")),
        ["BinaryAccuracy"] = (c, _) => new BinaryAccuracy(c.GetDouble("threshold", 0.5), c.GetString("name", "binary_accuracy")),
        ["TopKCategoricalAccuracy"] = (c, _) => new TopKCategoricalAccuracy(c.GetInt("k", 5, 1, int.MaxValue), c.GetString("name", "top_k_categorical_accuracy")),
        ["MeanSquaredError"] = (c, _) => new MeanSquaredErrorMetric(c.GetString("name", "mean_squared_error")),
        ["MeanAbsoluteError"] = (c, _) => new MeanAbsoluteErrorMetric(c.GetString("name", "mean_absolute_error")),
        ["RootMeanSquaredError"] = (c, _) => new RootMeanSquaredError(c.GetString("name", "root_mean_squared_error")),
        ["Precision"] = (c, _) => new Precision(ConfusionThreshold(c), c.GetNullableString("name")),
        ["Recall"] = (c, _) => new Recall(ConfusionThreshold(c), c.GetNullableString("name")),
        ["AUC"] = LoadAuc,
    };

    // Keras 3 names these metrics MeanSquaredError and MeanAbsoluteError; Trellis's classes carry a suffix because
    // the losses already use the plain names. AUC keeps Keras's capitals in the file.
    private static readonly Dictionary<Type, string> s_metricClassNames = new()
    {
        [typeof(Auc)] = "AUC",
        [typeof(MeanSquaredErrorMetric)] = "MeanSquaredError",
        [typeof(MeanAbsoluteErrorMetric)] = "MeanAbsoluteError",
    };

    public static IReadOnlyCollection<string> BuiltInMetricNames => s_metrics.Keys;

    /// <summary>The Keras class name of a built-in metric type, or null for a custom one.</summary>
    public static string? BuiltInMetricName(Type type)
        => type.Assembly != typeof(SerializableRegistry).Assembly ? null
            : s_metricClassNames.TryGetValue(type, out var name) ? name
            : s_metrics.ContainsKey(type.Name) ? type.Name : null;

    public static Dictionary<string, object?> SerializeMetric(Metric metric)
    {
        if (BuiltInMetricName(metric.GetType()) is not { } className)
        {
            return WrapCustom(metric, typeof(Metric), metric.GetConfig, "metric");
        }
        var config = metric.GetConfig();
        switch (metric)
        {
            case BinaryAccuracy binary:
                config.TryAdd("threshold", binary.Threshold);
                break;
            case TopKCategoricalAccuracy topK:
                config.TryAdd("k", topK.K);
                break;
        }
        return Wrap("keras.metrics", className, config, null);
    }

    public static Metric DeserializeMetric(ConfigReader serialized, LoadContext context) => Deserialize(serialized, context, "metric", s_metrics);

    /// <summary>Keras 3's <c>compile_config</c>: the optimizer, loss and metrics (names as given, or objects once resolved).</summary>
    /// <remarks>A model compiled with one loss per output stores them as a list, with <c>loss_weights</c> beside.</remarks>
    public static Dictionary<string, object?> CompileConfig(Optimizer optimizer, Loss loss, IEnumerable<object> metrics,
        IReadOnlyList<Loss>? outputLosses = null, IReadOnlyList<double>? lossWeights = null) => new()
    {
        ["optimizer"] = SerializeOptimizer(optimizer),
        ["loss"] = outputLosses is null ? SerializeLoss(loss) : outputLosses.Select(l => (object?)SerializeLoss(l)).ToList(),
        ["metrics"] = metrics.Select(m => m switch
        {
            string name => (object?)name,
            Metric metric => SerializeMetric(metric),
            _ => throw new ArgumentException($"Metric of type {m.GetType().Name} cannot be saved: it implements IPredictionMetric but does not derive from Metric. Derive it from Trellis.Metrics.Metric (its state then lives in tracked variables and is saved too), or compile with a metric name."),
        }).ToList(),
        ["loss_weights"] = lossWeights?.Select(w => (object?)w).ToList(),
        ["weighted_metrics"] = null,
        ["run_eagerly"] = false,
        ["steps_per_execution"] = 1,
        ["jit_compile"] = false,
    };

    /// <summary>Compiles <paramref name="model"/> as its saved <c>compile_config</c> says.</summary>
    public static void Compile(Model model, ConfigReader compileConfig, LoadContext context)
    {
        var optimizer = DeserializeOptimizer(compileConfig.GetObject("optimizer"), context);
        if (compileConfig.Raw("loss") is List<object?>)
        {
            CompileOutputs(model, optimizer, compileConfig, context);
            return;
        }
        var loss = DeserializeLoss(compileConfig.GetObject("loss"), context);
        var metrics = new List<object>();
        var list = compileConfig.IsNull("metrics") ? [] : compileConfig.GetList("metrics");
        for (int i = 0; i < list.Count; i++)
        {
            metrics.Add(list[i] switch
            {
                string name => name,
                Dictionary<string, object?> d => DeserializeMetric(new ConfigReader(d, $"{compileConfig.Path}.metrics[{i}]"), context),
                var other => throw new TrellisFormatException($"{compileConfig.Path}.metrics[{i}]: expected a metric name or object, but found {ConfigReader.Show(other)}."),
            });
        }
        try
        {
            model.Compile(optimizer, loss, metrics);
            model.MarkMetricsResolved();
        }
        catch (ArgumentException e)
        {
            throw new TrellisFormatException($"{compileConfig.Path}: the saved compile settings are not valid: {e.Message}", e);
        }
    }

    /// <summary>Compiles a model saved with one loss per output (and optionally loss weights); metrics are names then.</summary>
    private static void CompileOutputs(Model model, Optimizer optimizer, ConfigReader compileConfig, LoadContext context)
    {
        var items = compileConfig.GetList("loss");
        var losses = new List<Loss>(items.Count);
        for (int i = 0; i < items.Count; i++)
        {
            if (items[i] is not Dictionary<string, object?> d)
            {
                throw new TrellisFormatException($"{compileConfig.Path}.loss[{i}]: expected a serialized loss object, but found {ConfigReader.Show(items[i])}.");
            }
            losses.Add(DeserializeLoss(new ConfigReader(d, $"{compileConfig.Path}.loss[{i}]"), context));
        }
        List<double>? weights = null;
        if (!compileConfig.IsNull("loss_weights"))
        {
            var raw = compileConfig.GetList("loss_weights");
            weights = [.. raw.Select((w, i) => w switch
            {
                long l => l,
                double v => v,
                _ => throw new TrellisFormatException($"{compileConfig.Path}.loss_weights[{i}]: expected a number, but found {ConfigReader.Show(w)}."),
            })];
        }
        var metrics = compileConfig.IsNull("metrics") ? [] : compileConfig.GetList("metrics");
        if (metrics.Any(m => m is not string))
        {
            throw new TrellisFormatException($"{compileConfig.Path}.metrics: a model with one loss per output saves its metrics as names, but found {ConfigReader.Show(metrics.First(m => m is not string))}.");
        }
        try
        {
            model.Compile(optimizer, losses, metrics.Cast<object>(), weights);
        }
        catch (ArgumentException e)
        {
            throw new TrellisFormatException($"{compileConfig.Path}: the saved compile settings are not valid: {e.Message}", e);
        }
    }

    private static Dictionary<string, object?>? TrySerializeModel(Layer layer)
    {
        if (layer.GetType() == typeof(Functional))
        {
            return SerializeFunctional((Functional)layer);
        }
        if (layer.GetType() != typeof(Sequential))
        {
            return null;
        }
        var sequential = (Sequential)layer;
        var config = new Dictionary<string, object?>
        {
            ["name"] = sequential.Name,
            ["trainable"] = sequential.Trainable,
            ["dtype"] = sequential.DType.Name(),
            ["layers"] = sequential.SubLayers.Select(l => (object?)SerializeLayer(l)).ToList(),
        };
        return Wrap("keras", "Sequential", config, null);
    }

    private static Sequential LoadSequential(ConfigReader c, LoadContext context)
    {
        var items = c.GetList("layers");
        var layers = new List<Layer>(items.Count);
        for (int i = 0; i < items.Count; i++)
        {
            if (items[i] is not Dictionary<string, object?> d)
            {
                throw new TrellisFormatException($"{c.Path}.layers[{i}]: expected a serialized layer object, but found {ConfigReader.Show(items[i])}.");
            }
            var serialized = new ConfigReader(d, $"{c.Path}.layers[{i}]");
            var layer = DeserializeLayer(serialized, context);
            if (!layer.Built && BuildShape(serialized, context) is { } shape)
            {
                Preflight(layer, shape, context, serialized.Path);
            }
            layers.Add(layer);
        }
        if (layers.Count > 0 && layers[0].DeclaredInputShape is { } declared)
        {
            // Sequential builds at once when its first layer declares a shape: bound the weights that will create.
            Preflight(layers, [Shape.Unknown, .. declared.ToArray()], context, c.Path);
        }
        return new Sequential(layers, c.GetNullableString("name")) { Trainable = c.GetBool("trainable", true) };
    }

    /// <summary>
    /// Charges the weights that building <paramref name="layers"/> in sequence would create, for the layers whose
    /// weight sizes are known from their config, before anything is allocated; stops at a layer of unknown kind.
    /// </summary>
    public static void Preflight(IReadOnlyList<Layer> layers, Shape input, LoadContext context, string path)
    {
        var shape = input;
        foreach (var layer in layers)
        {
            if (!Preflight(layer, ref shape, context, path))
            {
                return;
            }
        }
    }

    private static void Preflight(Layer layer, Shape shape, LoadContext context, string path) => Preflight(layer, ref shape, context, path);

    private static bool Preflight(Layer layer, ref Shape shape, LoadContext context, string path)
    {
        if (shape.Rank == 0)
        {
            return false;
        }
        switch (layer)
        {
            case Sequential nested:
                Preflight(nested.SubLayers, shape, context, path);
                return false;
            case Dense dense:
                context.Charge(layer, ((double)Math.Max(shape[^1], 1) + 1) * dense.Units, $"{path}: layer '{layer.Name}' (Dense, input {shape})");
                break;
            case BaseConv conv:
                ChargeConvInput(conv, shape, context, path);
                break;
            case Flatten or Dropout or Activation or InputLayer or BasePooling or BaseGlobalPooling or Cropping2D or ZeroPadding2D or UpSampling2D:
                break;
            default:
                return false;
        }
        try
        {
            shape = layer.ComputeOutputShape(shape);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
