using Trellis.Layers;

namespace Trellis.Saving;

internal static partial class SerializableRegistry
{
    private static readonly Dictionary<string, Func<ConfigReader, LoadContext, Layer>> s_convolutionalLayers = new(StringComparer.Ordinal)
    {
        ["Conv1D"] = (c, ctx) => ChargeMinimum(c, ctx, new Conv1D(c.GetInt("filters", 1, int.MaxValue), Ints(c, "kernel_size", 1, ctx), NullableInts(c, "strides", 1, ctx),
            c.GetString("padding", "valid"), c.GetString("data_format", "channels_last"), NullableInts(c, "dilation_rate", 1, ctx), c.GetInt("groups", 1, 1, int.MaxValue),
            c.GetNullableString("activation"), c.GetBool("use_bias", true), kernelRegularizer: Regularizer(c, "kernel_regularizer", ctx),
            biasRegularizer: Regularizer(c, "bias_regularizer", ctx), inputShape: DeclaredShape(c, ctx), name: c.GetNullableString("name"), dtype: c.GetDType("dtype"))
        {
            KernelInitializer = Initializer(c, "kernel_initializer", "glorot_uniform", ctx),
            BiasInitializer = Initializer(c, "bias_initializer", "zeros", ctx),
        }),
        ["Conv2D"] = (c, ctx) => ChargeMinimum(c, ctx, new Conv2D(c.GetInt("filters", 1, int.MaxValue), Ints(c, "kernel_size", 1, ctx), NullableInts(c, "strides", 1, ctx),
            c.GetString("padding", "valid"), c.GetString("data_format", "channels_last"), NullableInts(c, "dilation_rate", 1, ctx), c.GetInt("groups", 1, 1, int.MaxValue),
            c.GetNullableString("activation"), c.GetBool("use_bias", true), kernelRegularizer: Regularizer(c, "kernel_regularizer", ctx),
            biasRegularizer: Regularizer(c, "bias_regularizer", ctx), inputShape: DeclaredShape(c, ctx), name: c.GetNullableString("name"), dtype: c.GetDType("dtype"))
        {
            KernelInitializer = Initializer(c, "kernel_initializer", "glorot_uniform", ctx),
            BiasInitializer = Initializer(c, "bias_initializer", "zeros", ctx),
        }),
        ["Conv2DTranspose"] = (c, ctx) => ChargeMinimum(c, ctx, new Conv2DTranspose(c.GetInt("filters", 1, int.MaxValue), Ints(c, "kernel_size", 1, ctx),
            NullableInts(c, "strides", 1, ctx), c.GetString("padding", "valid"), NullableInts(c, "output_padding", 0, ctx), c.GetString("data_format", "channels_last"),
            NullableInts(c, "dilation_rate", 1, ctx), c.GetNullableString("activation"), c.GetBool("use_bias", true),
            kernelRegularizer: Regularizer(c, "kernel_regularizer", ctx), biasRegularizer: Regularizer(c, "bias_regularizer", ctx),
            inputShape: DeclaredShape(c, ctx), name: c.GetNullableString("name"), dtype: c.GetDType("dtype"))
        {
            KernelInitializer = Initializer(c, "kernel_initializer", "glorot_uniform", ctx),
            BiasInitializer = Initializer(c, "bias_initializer", "zeros", ctx),
        }),
        ["DepthwiseConv2D"] = (c, ctx) => ChargeMinimum(c, ctx, new DepthwiseConv2D(Ints(c, "kernel_size", 1, ctx), NullableInts(c, "strides", 1, ctx),
            c.GetString("padding", "valid"), c.GetInt("depth_multiplier", 1, 1, int.MaxValue), c.GetString("data_format", "channels_last"),
            NullableInts(c, "dilation_rate", 1, ctx), c.GetNullableString("activation"), c.GetBool("use_bias", true),
            depthwiseRegularizer: Regularizer(c, "depthwise_regularizer", ctx), biasRegularizer: Regularizer(c, "bias_regularizer", ctx),
            inputShape: DeclaredShape(c, ctx), name: c.GetNullableString("name"), dtype: c.GetDType("dtype"))
        {
            DepthwiseInitializer = Initializer(c, "depthwise_initializer", "glorot_uniform", ctx),
            BiasInitializer = Initializer(c, "bias_initializer", "zeros", ctx),
        }),
        ["SeparableConv2D"] = (c, ctx) => ChargeMinimum(c, ctx, new SeparableConv2D(c.GetInt("filters", 1, int.MaxValue), Ints(c, "kernel_size", 1, ctx),
            NullableInts(c, "strides", 1, ctx), c.GetString("padding", "valid"), c.GetInt("depth_multiplier", 1, 1, int.MaxValue),
            c.GetString("data_format", "channels_last"), NullableInts(c, "dilation_rate", 1, ctx), c.GetNullableString("activation"), c.GetBool("use_bias", true),
            depthwiseRegularizer: Regularizer(c, "depthwise_regularizer", ctx), pointwiseRegularizer: Regularizer(c, "pointwise_regularizer", ctx),
            biasRegularizer: Regularizer(c, "bias_regularizer", ctx), inputShape: DeclaredShape(c, ctx), name: c.GetNullableString("name"), dtype: c.GetDType("dtype"))
        {
            DepthwiseInitializer = Initializer(c, "depthwise_initializer", "glorot_uniform", ctx),
            PointwiseInitializer = Initializer(c, "pointwise_initializer", "glorot_uniform", ctx),
            BiasInitializer = Initializer(c, "bias_initializer", "zeros", ctx),
        }),
        ["AveragePooling1D"] = (c, ctx) => new AveragePooling1D(Ints(c, "pool_size", 1, ctx)[0], NullableInts(c, "strides", 1, ctx)?[0], c.GetString("padding", "valid"),
            c.GetString("data_format", "channels_last"), DeclaredShape(c, ctx), c.GetNullableString("name"), c.GetDType("dtype")),
        ["MaxPooling1D"] = (c, ctx) => new MaxPooling1D(Ints(c, "pool_size", 1, ctx)[0], NullableInts(c, "strides", 1, ctx)?[0], c.GetString("padding", "valid"),
            c.GetString("data_format", "channels_last"), DeclaredShape(c, ctx), c.GetNullableString("name"), c.GetDType("dtype")),
        ["AveragePooling2D"] = (c, ctx) => new AveragePooling2D(NullableInts(c, "pool_size", 1, ctx), NullableInts(c, "strides", 1, ctx), c.GetString("padding", "valid"),
            c.GetString("data_format", "channels_last"), DeclaredShape(c, ctx), c.GetNullableString("name"), c.GetDType("dtype")),
        ["MaxPooling2D"] = (c, ctx) => new MaxPooling2D(NullableInts(c, "pool_size", 1, ctx), NullableInts(c, "strides", 1, ctx), c.GetString("padding", "valid"),
            c.GetString("data_format", "channels_last"), DeclaredShape(c, ctx), c.GetNullableString("name"), c.GetDType("dtype")),
        ["GlobalAveragePooling1D"] = (c, ctx) => new GlobalAveragePooling1D(c.GetString("data_format", "channels_last"), c.GetBool("keepdims", false),
            DeclaredShape(c, ctx), c.GetNullableString("name"), c.GetDType("dtype")),
        ["GlobalAveragePooling2D"] = (c, ctx) => new GlobalAveragePooling2D(c.GetString("data_format", "channels_last"), c.GetBool("keepdims", false),
            DeclaredShape(c, ctx), c.GetNullableString("name"), c.GetDType("dtype")),
        ["GlobalMaxPooling1D"] = (c, ctx) => new GlobalMaxPooling1D(c.GetString("data_format", "channels_last"), c.GetBool("keepdims", false),
            DeclaredShape(c, ctx), c.GetNullableString("name"), c.GetDType("dtype")),
        ["GlobalMaxPooling2D"] = (c, ctx) => new GlobalMaxPooling2D(c.GetString("data_format", "channels_last"), c.GetBool("keepdims", false),
            DeclaredShape(c, ctx), c.GetNullableString("name"), c.GetDType("dtype")),
        ["Cropping2D"] = (c, ctx) => new Cropping2D(NullableInts(c, "cropping", 0, ctx), c.GetString("data_format", "channels_last"),
            DeclaredShape(c, ctx), c.GetNullableString("name"), c.GetDType("dtype")),
        ["ZeroPadding2D"] = (c, ctx) => new ZeroPadding2D(NullableInts(c, "padding", 0, ctx), c.GetString("data_format", "channels_last"),
            DeclaredShape(c, ctx), c.GetNullableString("name"), c.GetDType("dtype")),
        ["UpSampling2D"] = (c, ctx) => new UpSampling2D(NullableInts(c, "size", 1, ctx), c.GetString("data_format", "channels_last"),
            c.GetString("interpolation", "nearest"), DeclaredShape(c, ctx), c.GetNullableString("name"), c.GetDType("dtype")),
    };

    /// <summary>
    /// The weight elements of a convolution layer for <paramref name="channels"/> input channels (kernels and bias), so
    /// the size guard can refuse configs whose weights could not be in the archive before anything is allocated.
    /// </summary>
    public static double ConvWeightElements(BaseConv conv, double channels)
    {
        double window = conv.KernelSize.Aggregate(1.0, (p, k) => p * k);
        return conv switch
        {
            Conv2DTranspose t => (window * channels * t.Filters) + (t.UseBias ? t.Filters : 0),
            KernelConv k => (window * (channels / k.Groups) * k.Filters) + (k.UseBias ? k.Filters : 0),
            DepthwiseConv2D d => (window * channels * d.DepthMultiplier) + (d.UseBias ? channels * d.DepthMultiplier : 0),
            SeparableConv2D s => (window * channels * s.DepthMultiplier) + (channels * s.DepthMultiplier * s.Filters) + (s.UseBias ? s.Filters : 0),
            _ => 0,
        };
    }

    /// <summary>The fewest input channels a convolution layer accepts (its groups).</summary>
    private static int MinimumChannels(BaseConv conv) => conv is KernelConv k and not Conv2DTranspose ? k.Groups : 1;

    /// <summary>Charges, once the input shape is known, the weights beyond the minimum the factory already charged.</summary>
    public static void ChargeConvInput(BaseConv conv, Shape shape, LoadContext context, string path)
    {
        int channels = shape[conv.DataFormat == "channels_first" ? 1 : shape.Rank - 1];
        if (channels == Shape.Unknown)
        {
            return;
        }
        double extra = ConvWeightElements(conv, channels) - ConvWeightElements(conv, MinimumChannels(conv));
        context.Charge(conv, Math.Max(extra, 0), $"{path}: layer '{conv.Name}' ({conv.GetType().Name}, input {shape})");
    }

    /// <summary>Charges the weights the config alone implies (with the fewest input channels), before any input shape is known.</summary>
    private static T ChargeMinimum<T>(ConfigReader c, LoadContext ctx, T conv)
        where T : BaseConv
    {
        ctx.Charge(c, ConvWeightElements(conv, MinimumChannels(conv)), $"{c.Path}: {typeof(T).Name} with kernel [{string.Join(", ", conv.KernelSize)}]");
        return conv;
    }

    /// <summary>A list of integers (Keras writes tuples as lists), a single integer, or nested pairs (((top, bottom), (left, right))), flattened.</summary>
    private static int[] Ints(ConfigReader c, string key, int min, LoadContext ctx)
        => NullableInts(c, key, min, ctx) ?? throw c.Missing(key, "an integer or a list of integers");

    private static int[]? NullableInts(ConfigReader c, string key, int min, LoadContext ctx)
    {
        if (c.IsNull(key))
        {
            return null;
        }
        var values = new List<int>();
        Collect(c.Raw(key), 0);
        return [.. values];

        void Collect(object? value, int depth)
        {
            switch (value)
            {
                case long l when l >= min && l <= ctx.MaxElements && l <= int.MaxValue:
                    values.Add((int)l);
                    break;
                case List<object?> list when depth < 2 && list.Count <= 32:
                    foreach (var item in list)
                    {
                        Collect(item, depth + 1);
                    }
                    break;
                default:
                    throw c.Wrong(key, $"an integer in [{min}, {Math.Min(ctx.MaxElements, int.MaxValue)}] or a (nested) list of them", c.Raw(key));
            }
        }
    }
}
