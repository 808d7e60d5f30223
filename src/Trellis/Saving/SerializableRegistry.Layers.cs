using Trellis.Initializers;
using Trellis.Layers;
using Trellis.Layers.Merging;
using Trellis.Regularizers;

namespace Trellis.Saving;

internal static partial class SerializableRegistry
{
    /// <summary>Keras 2's key for a first layer's declared input shape (Keras 3 puts an InputLayer first instead).</summary>
    public const string BatchInputShapeKey = "batch_input_shape";

    private static readonly Dictionary<string, Func<ConfigReader, LoadContext, Layer>> s_layers = new(StringComparer.Ordinal)
    {
        ["Dense"] = (c, ctx) =>
        {
            int units = c.GetInt("units", 1, int.MaxValue);
            return new Dense(units, c.GetNullableString("activation"), c.GetBool("use_bias", true),
                kernelRegularizer: Regularizer(c, "kernel_regularizer", ctx), biasRegularizer: Regularizer(c, "bias_regularizer", ctx),
                inputShape: DeclaredShape(c, ctx), name: c.GetNullableString("name"), dtype: c.GetDType("dtype"))
            {
                KernelInitializer = Initializer(c, "kernel_initializer", "glorot_uniform", ctx),
                BiasInitializer = Initializer(c, "bias_initializer", "zeros", ctx),
            };
        },
        ["Dropout"] = (c, ctx) => new Dropout(c.GetDouble("rate"), c.GetNullableLong("seed"), DeclaredShape(c, ctx), c.GetNullableString("name"), c.GetDType("dtype")),
        ["Flatten"] = (c, ctx) => new Flatten(DeclaredShape(c, ctx), c.GetNullableString("name"), c.GetDType("dtype")),
        ["Reshape"] = (c, ctx) => new Reshape(c.GetShape("target_shape", ctx.MaxElements), DeclaredShape(c, ctx), c.GetNullableString("name"), c.GetDType("dtype")),
        ["Activation"] = (c, ctx) => new Activation(c.GetString("activation"), DeclaredShape(c, ctx), c.GetNullableString("name"), c.GetDType("dtype")),
        ["BatchNormalization"] = (c, ctx) => new BatchNormalization(c.GetInt("axis", -1, -32, 31), c.GetDouble("momentum", 0.99), c.GetDouble("epsilon", 1e-3),
            c.GetBool("center", true), c.GetBool("scale", true), DeclaredShape(c, ctx), c.GetNullableString("name"), c.GetDType("dtype")),
        ["LayerNormalization"] = (c, ctx) => new LayerNormalization(c.GetDouble("epsilon", 1e-3), c.GetBool("center", true), c.GetBool("scale", true),
            DeclaredShape(c, ctx), c.GetNullableString("name"), c.GetDType("dtype")),
        ["Embedding"] = (c, ctx) =>
        {
            int inputDim = c.GetInt("input_dim", 1, int.MaxValue), outputDim = c.GetInt("output_dim", 1, int.MaxValue);
            ctx.Charge(c, (double)inputDim * outputDim, $"{c.Path}: Embedding {inputDim}x{outputDim}");
            string initializer = c.Raw("embeddings_initializer") switch
            {
                string name => name,
                Dictionary<string, object?> => c.GetObject("embeddings_initializer").GetString("class_name"),
                _ => "uniform",
            };
            return new Embedding(inputDim, outputDim, initializer, DeclaredShape(c, ctx), c.GetNullableString("name"), c.GetDType("dtype"), c.GetBool("mask_zero", false));
        },
        ["Permute"] = (c, ctx) => new Permute(c.GetShape("dims", 32).ToArray(), DeclaredShape(c, ctx), c.GetNullableString("name"), c.GetDType("dtype")),
        ["RepeatVector"] = (c, ctx) => new RepeatVector(c.GetInt("n", 1, int.MaxValue), DeclaredShape(c, ctx), c.GetNullableString("name"), c.GetDType("dtype")),
        ["Sequential"] = (c, ctx) => LoadSequential(c, ctx),
        ["Functional"] = (c, ctx) => LoadFunctional(c, ctx),
        ["InputLayer"] = (c, ctx) =>
        {
            var batchShape = c.GetShape("batch_shape", ctx.MaxElements);
            if (batchShape.Rank == 0)
            {
                throw new TrellisFormatException($"{c.Path}.batch_shape: expected at least the batch axis, but found an empty shape.");
            }
            return new InputLayer(batchShape.ToArray()[1..], c.GetNullableString("name"), c.GetDType("dtype"));
        },
    };

    private static readonly HashSet<Type> s_builtInLayerTypes =
    [
        typeof(Dense), typeof(Dropout), typeof(Flatten), typeof(Reshape), typeof(Activation), typeof(InputLayer), typeof(BatchNormalization),
        typeof(LayerNormalization), typeof(Embedding), typeof(Permute), typeof(RepeatVector),
    ];

    private static readonly Dictionary<string, Func<ConfigReader, LoadContext, Layer>> s_mergingLayers = new(StringComparer.Ordinal)
    {
        ["Add"] = (c, _) => new Add(c.GetNullableString("name"), c.GetDType("dtype")),
        ["Subtract"] = (c, _) => new Subtract(c.GetNullableString("name"), c.GetDType("dtype")),
        ["Multiply"] = (c, _) => new Multiply(c.GetNullableString("name"), c.GetDType("dtype")),
        ["Average"] = (c, _) => new Average(c.GetNullableString("name"), c.GetDType("dtype")),
        ["Maximum"] = (c, _) => new Maximum(c.GetNullableString("name"), c.GetDType("dtype")),
        ["Minimum"] = (c, _) => new Minimum(c.GetNullableString("name"), c.GetDType("dtype")),
        ["Concatenate"] = (c, _) => new Concatenate(c.GetInt("axis", -1, -32, 31), c.GetNullableString("name"), c.GetDType("dtype")),
    };

    // A method rather than a lambda: the family dictionaries live in other partial files, initialized in file order.
    private static readonly Lazy<Dictionary<string, Func<ConfigReader, LoadContext, Layer>>> s_allLayers = new(AllLayerFactories);

    private static Dictionary<string, Func<ConfigReader, LoadContext, Layer>> AllLayerFactories()
        => s_layers.Concat(s_mergingLayers).Concat(s_convolutionalLayers).Concat(s_recurrentLayers).ToDictionary(StringComparer.Ordinal);


    /// <summary>The Keras class names of the built-in layers this version can load.</summary>
    public static IReadOnlyCollection<string> BuiltInLayerNames => [.. s_layers.Keys, .. s_mergingLayers.Keys, .. s_convolutionalLayers.Keys, .. s_recurrentLayers.Keys];

    /// <summary>A layer (or model) in Keras 3 serialized form, with its <c>build_config</c> when built.</summary>
    public static Dictionary<string, object?> SerializeLayer(Layer layer)
    {
        ArgumentNullException.ThrowIfNull(layer);
        Dictionary<string, object?> serialized;
        if (TrySerializeModel(layer) is { } model)
        {
            serialized = model;
        }
        else if (s_builtInLayerTypes.Contains(layer.GetType()) || IsBuiltIn(layer, s_mergingLayers.Keys) || IsBuiltIn(layer, s_convolutionalLayers.Keys) || IsBuiltIn(layer, s_recurrentLayers.Keys))
        {
            serialized = Wrap("keras.layers", layer.GetType().Name, layer.GetConfig(), null);
        }
        else
        {
            serialized = WrapCustom(layer, typeof(Layer), layer.GetConfig, "layer");
        }
        var config = (Dictionary<string, object?>)serialized["config"]!;
        if (layer.DeclaredInputShape is { } declared && layer is not InputLayer && !config.ContainsKey(BatchInputShapeKey))
        {
            config[BatchInputShapeKey] = ShapeList([Shape.Unknown, .. declared.ToArray()]);
        }
        if (layer.BuildInputShape is { } built)
        {
            serialized["build_config"] = new Dictionary<string, object?> { ["input_shape"] = ShapeList(built) };
        }
        return serialized;
    }

    /// <summary>Creates the layer (unbuilt) that a serialized form describes.</summary>
    public static Layer DeserializeLayer(ConfigReader serialized, LoadContext context)
    {
        // COMPAT: Keras 3 writes its built-in functional model with registered_name "Functional" (Trellis writes null).
        var layer = serialized.GetString("class_name") == "Functional" && serialized.GetNullableString(RegisteredNameKey) == "Functional"
            ? LoadFunctional(serialized.GetObject("config"), context)
            : Deserialize(serialized, context, "layer", s_allLayers.Value);
        var config = serialized.GetObject("config");
        layer.Trainable = config.GetBool("trainable", true);
        return layer;
    }

    /// <summary>The input shape recorded in <c>build_config</c>, or null.</summary>
    public static Shape? BuildShape(ConfigReader serialized, LoadContext context)
        => serialized.GetNullableObject("build_config") is { } build ? build.GetNullableShape("input_shape", context.MaxElements) : null;

    /// <summary>Builds a loaded layer with its saved input shape, refusing shapes whose weights could not be in the archive.</summary>
    public static void Build(Layer layer, Shape inputShape, LoadContext context, string path)
    {
        Preflight([layer], inputShape, context, path);
        try
        {
            layer.EnsureBuilt(inputShape);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            throw new TrellisFormatException($"{path}: layer '{layer.Name}' cannot be built with its saved input shape {inputShape}: {e.Message}", e);
        }
    }

    private static Shape? DeclaredShape(ConfigReader c, LoadContext ctx)
    {
        if (c.GetNullableShape(BatchInputShapeKey, ctx.MaxElements) is not { } batchShape)
        {
            return null;
        }
        if (batchShape.Rank == 0)
        {
            throw new TrellisFormatException($"{c.Path}.{BatchInputShapeKey}: expected at least the batch axis, but found an empty shape.");
        }
        return batchShape.ToArray()[1..];
    }

    private static List<object?> ShapeList(Shape shape) => [.. shape.ToArray().Select(d => d == Shape.Unknown ? null : (object?)d)];

    private static IInitializer Initializer(ConfigReader c, string key, string fallback, LoadContext ctx) => c.Raw(key) switch
    {
        null => InitializerRegistry.Get(fallback),
        string name => InitializerByName(name, $"{c.Path}.{key}"),
        _ => DeserializeInitializer(c.GetObject(key), ctx),
    };

    private static IRegularizer? Regularizer(ConfigReader c, string key, LoadContext ctx)
        => c.GetNullableObject(key) is { } r ? DeserializeRegularizer(r, ctx) : null;
}
