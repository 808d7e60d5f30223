using Trellis.Initializers;
using Trellis.Losses;
using Trellis.Optimizers;
using Trellis.Regularizers;

namespace Trellis.Saving;

internal static partial class SerializableRegistry
{
    private static readonly Dictionary<string, Func<ConfigReader, LoadContext, Optimizer>> s_optimizers = new(StringComparer.Ordinal)
    {
        ["Adam"] = (c, _) => new Adam(c.GetDouble("learning_rate", 0.001), c.GetDouble("beta_1", 0.9), c.GetDouble("beta_2", 0.999), c.GetDouble("epsilon", 1e-7),
            c.GetBool("amsgrad", false), c.GetDouble("decay", 0), c.GetNullableDouble("clipnorm"), c.GetNullableDouble("clipvalue"), c.GetNullableDouble("global_clipnorm"),
            c.GetString("name", "Adam")),
        ["AdamW"] = (c, _) => new AdamW(c.GetDouble("learning_rate", 0.001), c.GetDouble("weight_decay", 0.004), c.GetDouble("beta_1", 0.9), c.GetDouble("beta_2", 0.999),
            c.GetDouble("epsilon", 1e-7), c.GetBool("amsgrad", false), c.GetNullableDouble("clipnorm"), c.GetNullableDouble("clipvalue"), c.GetNullableDouble("global_clipnorm"),
            c.GetString("name", "AdamW")),
        ["SGD"] = (c, _) => new SGD(c.GetDouble("learning_rate", 0.01), c.GetDouble("momentum", 0), c.GetBool("nesterov", false), c.GetDouble("decay", 0),
            c.GetNullableDouble("clipnorm"), c.GetNullableDouble("clipvalue"), c.GetNullableDouble("global_clipnorm"), c.GetString("name", "SGD")),
        ["RMSprop"] = (c, _) => new RMSprop(c.GetDouble("learning_rate", 0.001), c.GetDouble("rho", 0.9), c.GetDouble("momentum", 0), c.GetDouble("epsilon", 1e-7),
            c.GetBool("centered", false), c.GetDouble("decay", 0), c.GetNullableDouble("clipnorm"), c.GetNullableDouble("clipvalue"), c.GetNullableDouble("global_clipnorm"),
            c.GetString("name", "RMSprop")),
        ["Adagrad"] = (c, _) => new Adagrad(c.GetDouble("learning_rate", 0.001), c.GetDouble("initial_accumulator_value", 0.1), c.GetDouble("epsilon", 1e-7),
            c.GetDouble("decay", 0), c.GetNullableDouble("clipnorm"), c.GetNullableDouble("clipvalue"), c.GetNullableDouble("global_clipnorm"), c.GetString("name", "Adagrad")),
        ["Adamax"] = (c, _) => new Adamax(c.GetDouble("learning_rate", 0.001), c.GetDouble("beta_1", 0.9), c.GetDouble("beta_2", 0.999), c.GetDouble("epsilon", 1e-7),
            c.GetDouble("decay", 0), c.GetNullableDouble("clipnorm"), c.GetNullableDouble("clipvalue"), c.GetNullableDouble("global_clipnorm"), c.GetString("name", "Adamax")),
        ["Nadam"] = (c, _) => new Nadam(c.GetDouble("learning_rate", 0.001), c.GetDouble("beta_1", 0.9), c.GetDouble("beta_2", 0.999), c.GetDouble("epsilon", 1e-7),
            c.GetDouble("decay", 0), c.GetNullableDouble("clipnorm"), c.GetNullableDouble("clipvalue"), c.GetNullableDouble("global_clipnorm"), c.GetString("name", "Nadam")),
    };

    private static readonly Dictionary<string, Func<ConfigReader, LoadContext, Loss>> s_losses = new(StringComparer.Ordinal)
    {
        ["CategoricalCrossentropy"] = (c, _) => new CategoricalCrossentropy(c.GetBool("from_logits", false), c.GetDouble("label_smoothing", 0), c.GetInt("axis", -1, -32, 31),
            c.GetString("reduction", "sum_over_batch_size"), c.GetString("name", "categorical_crossentropy")),
        ["SparseCategoricalCrossentropy"] = (c, _) => new SparseCategoricalCrossentropy(c.GetBool("from_logits", false),
            c.GetString("reduction", "sum_over_batch_size"), c.GetString("name", "sparse_categorical_crossentropy")),
        ["BinaryCrossentropy"] = (c, _) => new BinaryCrossentropy(c.GetBool("from_logits", false), c.GetDouble("label_smoothing", 0),
            c.GetString("reduction", "sum_over_batch_size"), c.GetString("name", "binary_crossentropy")),
        ["MeanSquaredError"] = (c, _) => new MeanSquaredError(c.GetString("reduction", "sum_over_batch_size"), c.GetString("name", "mean_squared_error")),
        ["MeanAbsoluteError"] = (c, _) => new MeanAbsoluteError(c.GetString("reduction", "sum_over_batch_size"), c.GetString("name", "mean_absolute_error")),
        ["MeanAbsolutePercentageError"] = (c, _) => new MeanAbsolutePercentageError(c.GetString("reduction", "sum_over_batch_size"), c.GetString("name", "mean_absolute_percentage_error")),
        ["MeanSquaredLogarithmicError"] = (c, _) => new MeanSquaredLogarithmicError(c.GetString("reduction", "sum_over_batch_size"), c.GetString("name", "mean_squared_logarithmic_error")),
        ["CosineSimilarity"] = (c, _) => new CosineSimilarity(c.GetString("reduction", "sum_over_batch_size"), c.GetString("name", "cosine_similarity")),
        ["Hinge"] = (c, _) => new Hinge(c.GetString("reduction", "sum_over_batch_size"), c.GetString("name", "hinge")),
        ["SquaredHinge"] = (c, _) => new SquaredHinge(c.GetString("reduction", "sum_over_batch_size"), c.GetString("name", "squared_hinge")),
        ["Huber"] = (c, _) => new Huber(c.GetDouble("delta", 1.0), c.GetString("reduction", "sum_over_batch_size"), c.GetString("name", "huber_loss")),
        ["KLDivergence"] = (c, _) => new KLDivergence(c.GetString("reduction", "sum_over_batch_size"), c.GetString("name", "kl_divergence")),
        ["LogCosh"] = (c, _) => new LogCosh(c.GetString("reduction", "sum_over_batch_size"), c.GetString("name", "log_cosh")),
        ["Poisson"] = (c, _) => new Poisson(c.GetString("reduction", "sum_over_batch_size"), c.GetString("name", "poisson")),
    };

    private static readonly Dictionary<string, Func<ConfigReader, LoadContext, IInitializer>> s_initializers = new(StringComparer.Ordinal)
    {
        ["GlorotUniform"] = (c, _) => new GlorotUniform(c.GetNullableLong("seed")),
        ["GlorotNormal"] = (c, _) => new GlorotNormal(c.GetNullableLong("seed")),
        ["HeUniform"] = (c, _) => new HeUniform(c.GetNullableLong("seed")),
        ["HeNormal"] = (c, _) => new HeNormal(c.GetNullableLong("seed")),
        ["LecunUniform"] = (c, _) => new LecunUniform(c.GetNullableLong("seed")),
        ["LecunNormal"] = (c, _) => new LecunNormal(c.GetNullableLong("seed")),
        ["RandomNormal"] = (c, _) => new RandomNormal(c.GetDouble("mean", 0), c.GetDouble("stddev", 0.05), c.GetNullableLong("seed")),
        ["RandomUniform"] = (c, _) => new RandomUniform(c.GetDouble("minval", -0.05), c.GetDouble("maxval", 0.05), c.GetNullableLong("seed")),
        ["TruncatedNormal"] = (c, _) => new TruncatedNormal(c.GetDouble("mean", 0), c.GetDouble("stddev", 0.05), c.GetNullableLong("seed")),
        ["Zeros"] = (_, _) => new Zeros(),
        ["Ones"] = (_, _) => new Ones(),
        ["Constant"] = (c, _) => new Constant(c.GetDouble("value", 0)),
        ["Orthogonal"] = (c, _) => new Orthogonal(c.GetDouble("gain", 1), c.GetNullableLong("seed")),
        ["Identity"] = (c, _) => new Identity(c.GetDouble("gain", 1)),
        ["VarianceScaling"] = (c, _) => new VarianceScaling(c.GetDouble("scale", 1), c.GetString("mode", "fan_in"), c.GetString("distribution", "truncated_normal"), c.GetNullableLong("seed")),
    };

    private static readonly Dictionary<string, Func<ConfigReader, LoadContext, IRegularizer>> s_regularizers = new(StringComparer.Ordinal)
    {
        ["L1"] = (c, _) => new L1(c.GetDouble("l1", 0.01)),
        ["L2"] = (c, _) => new L2(c.GetDouble("l2", 0.01)),
        ["L1L2"] = (c, _) => new L1L2(c.GetDouble("l1", 0), c.GetDouble("l2", 0)),
    };

    public static IReadOnlyCollection<string> BuiltInOptimizerNames => s_optimizers.Keys;

    public static IReadOnlyCollection<string> BuiltInLossNames => s_losses.Keys;

    public static IReadOnlyCollection<string> BuiltInInitializerNames => s_initializers.Keys;

    public static IReadOnlyCollection<string> BuiltInRegularizerNames => s_regularizers.Keys;

    public static Dictionary<string, object?> SerializeLoss(Loss loss)
        => IsBuiltIn(loss, s_losses.Keys) ? Wrap("keras.losses", loss.GetType().Name, loss.GetConfig(), null)
            : WrapCustom(loss, typeof(Loss), loss.GetConfig, "loss");

    public static Loss DeserializeLoss(ConfigReader serialized, LoadContext context) => Deserialize(serialized, context, "loss", s_losses);

    public static Dictionary<string, object?> SerializeInitializer(IInitializer initializer)
        => IsBuiltIn(initializer, s_initializers.Keys) ? InitializerRegistry.Serialize(initializer)
            : WrapCustom(initializer, typeof(IInitializer), initializer.GetConfig, "initializer");

    public static IInitializer DeserializeInitializer(ConfigReader serialized, LoadContext context) => Deserialize(serialized, context, "initializer", s_initializers);

    public static Dictionary<string, object?> SerializeRegularizer(IRegularizer regularizer)
        => IsBuiltIn(regularizer, s_regularizers.Keys) ? Wrap("keras.regularizers", regularizer.ClassName, regularizer.GetConfig(), null)
            : WrapCustom(regularizer, typeof(IRegularizer), regularizer.GetConfig, "regularizer");

    public static IRegularizer DeserializeRegularizer(ConfigReader serialized, LoadContext context) => Deserialize(serialized, context, "regularizer", s_regularizers);

    private static IInitializer InitializerByName(string name, string path)
    {
        try
        {
            return InitializerRegistry.Get(name);
        }
        catch (ArgumentException e)
        {
            throw new TrellisFormatException($"{path}: {e.Message}", e);
        }
    }

    // Exact types only: a user subclass of a built-in is a custom type with its own registration.
    private static bool IsBuiltIn(object obj, IEnumerable<string> names)
        => obj.GetType().Assembly == typeof(SerializableRegistry).Assembly && names.Contains(obj.GetType().Name);
}
