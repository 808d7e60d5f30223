using Trellis.Layers;

namespace Trellis.Saving;

internal static partial class SerializableRegistry
{
    private static readonly Dictionary<string, Func<ConfigReader, LoadContext, Layer>> s_recurrentLayers = new(StringComparer.Ordinal)
    {
        ["SimpleRNN"] = (c, ctx) => new SimpleRNN(Units(c, ctx, 1), c.GetNullableString("activation"), c.GetBool("use_bias", true), InitName(c, "kernel_initializer", "glorot_uniform"),
            InitName(c, "recurrent_initializer", "orthogonal"), InitName(c, "bias_initializer", "zeros"), Regularizer(c, "kernel_regularizer", ctx),
            Regularizer(c, "recurrent_regularizer", ctx), Regularizer(c, "bias_regularizer", ctx), c.GetDouble("dropout", 0), c.GetDouble("recurrent_dropout", 0),
            c.GetNullableLong("seed"), c.GetBool("return_sequences", false), c.GetBool("return_state", false), c.GetBool("go_backwards", false),
            DeclaredShape(c, ctx), c.GetNullableString("name"), c.GetDType("dtype")),
        ["LSTM"] = (c, ctx) => new LSTM(Units(c, ctx, 4), c.GetNullableString("activation"), c.GetNullableString("recurrent_activation"), c.GetBool("unit_forget_bias", true),
            c.GetBool("use_bias", true), InitName(c, "kernel_initializer", "glorot_uniform"), InitName(c, "recurrent_initializer", "orthogonal"),
            InitName(c, "bias_initializer", "zeros"), Regularizer(c, "kernel_regularizer", ctx), Regularizer(c, "recurrent_regularizer", ctx),
            Regularizer(c, "bias_regularizer", ctx), c.GetDouble("dropout", 0), c.GetDouble("recurrent_dropout", 0), c.GetNullableLong("seed"),
            c.GetBool("return_sequences", false), c.GetBool("return_state", false), c.GetBool("go_backwards", false), DeclaredShape(c, ctx),
            c.GetNullableString("name"), c.GetDType("dtype")),
        ["GRU"] = (c, ctx) => new GRU(Units(c, ctx, 3), c.GetNullableString("activation"), c.GetNullableString("recurrent_activation"), c.GetBool("reset_after", true),
            c.GetBool("use_bias", true), InitName(c, "kernel_initializer", "glorot_uniform"), InitName(c, "recurrent_initializer", "orthogonal"),
            InitName(c, "bias_initializer", "zeros"), Regularizer(c, "kernel_regularizer", ctx), Regularizer(c, "recurrent_regularizer", ctx),
            Regularizer(c, "bias_regularizer", ctx), c.GetDouble("dropout", 0), c.GetDouble("recurrent_dropout", 0), c.GetNullableLong("seed"),
            c.GetBool("return_sequences", false), c.GetBool("return_state", false), c.GetBool("go_backwards", false), DeclaredShape(c, ctx),
            c.GetNullableString("name"), c.GetDType("dtype")),
        ["SimpleRNNCell"] = (c, ctx) => new SimpleRNNCell(Units(c, ctx, 1), c.GetNullableString("activation"), c.GetBool("use_bias", true),
            InitName(c, "kernel_initializer", "glorot_uniform"), InitName(c, "recurrent_initializer", "orthogonal"), InitName(c, "bias_initializer", "zeros"),
            Regularizer(c, "kernel_regularizer", ctx), Regularizer(c, "recurrent_regularizer", ctx), Regularizer(c, "bias_regularizer", ctx),
            c.GetNullableString("name"), c.GetDType("dtype"))
        {
            Dropout = c.GetDouble("dropout", 0), RecurrentDropout = c.GetDouble("recurrent_dropout", 0), Seed = c.GetNullableLong("seed"),
        },
        ["LSTMCell"] = (c, ctx) => new LSTMCell(Units(c, ctx, 4), c.GetNullableString("activation"), c.GetNullableString("recurrent_activation"), c.GetBool("use_bias", true),
            InitName(c, "kernel_initializer", "glorot_uniform"), InitName(c, "recurrent_initializer", "orthogonal"), InitName(c, "bias_initializer", "zeros"),
            c.GetBool("unit_forget_bias", true), Regularizer(c, "kernel_regularizer", ctx), Regularizer(c, "recurrent_regularizer", ctx),
            Regularizer(c, "bias_regularizer", ctx), c.GetNullableString("name"), c.GetDType("dtype"))
        {
            Dropout = c.GetDouble("dropout", 0), RecurrentDropout = c.GetDouble("recurrent_dropout", 0), Seed = c.GetNullableLong("seed"),
        },
        ["GRUCell"] = (c, ctx) => new GRUCell(Units(c, ctx, 3), c.GetNullableString("activation"), c.GetNullableString("recurrent_activation"), c.GetBool("use_bias", true),
            InitName(c, "kernel_initializer", "glorot_uniform"), InitName(c, "recurrent_initializer", "orthogonal"), InitName(c, "bias_initializer", "zeros"),
            c.GetBool("reset_after", true), Regularizer(c, "kernel_regularizer", ctx), Regularizer(c, "recurrent_regularizer", ctx),
            Regularizer(c, "bias_regularizer", ctx), c.GetNullableString("name"), c.GetDType("dtype"))
        {
            Dropout = c.GetDouble("dropout", 0), RecurrentDropout = c.GetDouble("recurrent_dropout", 0), Seed = c.GetNullableLong("seed"),
        },
        ["RNN"] = (c, ctx) => new RNN(Inner<RecurrentCell>(c, "cell", ctx), c.GetBool("return_sequences", false), c.GetBool("return_state", false),
            c.GetBool("go_backwards", false), c.GetBool("zero_output_for_mask", false), DeclaredShape(c, ctx), c.GetNullableString("name")),
        ["Bidirectional"] = (c, ctx) => new Bidirectional(Inner<RNN>(c, "layer", ctx), c.GetString("merge_mode", "concat"),
            c.IsNull("backward_layer") ? null : Inner<RNN>(c, "backward_layer", ctx), DeclaredShape(c, ctx), c.GetNullableString("name")),
        ["TimeDistributed"] = (c, ctx) => new TimeDistributed(Inner<Layer>(c, "layer", ctx), DeclaredShape(c, ctx), c.GetNullableString("name")),
        ["Attention"] = (c, _) => new Attention(c.GetBool("use_scale", false), c.GetString("score_mode", "dot"), c.GetNullableString("name"), c.GetDType("dtype"),
            c.GetDouble("dropout", 0), c.GetNullableLong("seed")),
        ["AdditiveAttention"] = (c, _) => new AdditiveAttention(c.GetBool("use_scale", true), c.GetNullableString("name"), c.GetDType("dtype"),
            c.GetDouble("dropout", 0), c.GetNullableLong("seed")),
        ["MultiHeadAttention"] = (c, ctx) =>
        {
            int heads = c.GetInt("num_heads", 1, int.MaxValue), keyDim = c.GetInt("key_dim", 1, int.MaxValue);
            long? valueDim = c.GetNullableLong("value_dim");
            // Four projections of at least heads x key size each: refuse configs whose weights could not be in the archive.
            ctx.Charge(c, 4.0 * heads * Math.Max(keyDim, valueDim ?? 1), $"{c.Path}: MultiHeadAttention {heads} heads of size {keyDim}");
            return new MultiHeadAttention(heads, keyDim, valueDim is null ? null : checked((int)valueDim.Value), c.GetBool("use_bias", true),
                c.GetNullableLong("output_shape") is { } o ? checked((int)o) : null, InitName(c, "kernel_initializer", "glorot_uniform"),
                InitName(c, "bias_initializer", "zeros"), Regularizer(c, "kernel_regularizer", ctx), Regularizer(c, "bias_regularizer", ctx),
                c.GetNullableString("name"), c.GetDType("dtype"), c.GetDouble("dropout", 0), c.GetNullableLong("seed"));
        },
    };

    /// <summary>The units, charging the recurrent kernel (units x gates·units) they imply against the archive's size.</summary>
    private static int Units(ConfigReader c, LoadContext ctx, int gates)
    {
        int units = c.GetInt("units", 1, int.MaxValue);
        ctx.Charge(c, (double)units * units * gates, $"{c.Path}: recurrent kernel of {units} units x {gates} gate(s)");
        return units;
    }

    /// <summary>The recurrent constructors take initializer names: a saved object form is reduced to its class name.</summary>
    private static string InitName(ConfigReader c, string key, string fallback) => c.Raw(key) switch
    {
        null => fallback,
        string name => name,
        _ => c.GetObject(key).GetString("class_name"),
    };

    /// <summary>A wrapped layer (RNN cell, Bidirectional or TimeDistributed inner layer), which must be of kind <typeparamref name="T"/>.</summary>
    private static T Inner<T>(ConfigReader c, string key, LoadContext ctx)
        where T : Layer
        => DeserializeLayer(c.GetObject(key), ctx) is T layer ? layer
            : throw new TrellisFormatException($"{c.Path}.{key}: expected a serialized {typeof(T).Name}, but found another kind of layer.");
}
