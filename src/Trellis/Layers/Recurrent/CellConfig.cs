using Trellis.Initializers;
using Trellis.Regularizers;

namespace Trellis.Layers;

/// <summary>The Keras 3 config keys shared by the recurrent cells and layers.</summary>
internal static class CellConfig
{
    /// <summary>The weight options every cell has: initializers and regularizers of kernel, recurrent kernel, bias.</summary>
    public static void AddWeightOptions(Dictionary<string, object?> config, RecurrentCell cell, bool useBias, IInitializer kernel, IInitializer recurrent, IInitializer bias,
        IRegularizer? kernelRegularizer, IRegularizer? recurrentRegularizer, IRegularizer? biasRegularizer)
    {
        config["use_bias"] = useBias;
        config["kernel_initializer"] = InitializerRegistry.Serialize(kernel);
        config["recurrent_initializer"] = InitializerRegistry.Serialize(recurrent);
        config["bias_initializer"] = InitializerRegistry.Serialize(bias);
        config["kernel_regularizer"] = LayerConfig.Serialize(kernelRegularizer);
        config["recurrent_regularizer"] = LayerConfig.Serialize(recurrentRegularizer);
        config["bias_regularizer"] = LayerConfig.Serialize(biasRegularizer);
        config["kernel_constraint"] = null;
        config["recurrent_constraint"] = null;
        config["bias_constraint"] = null;
        config["dropout"] = cell.Dropout;
        config["recurrent_dropout"] = cell.RecurrentDropout;
        config["seed"] = cell.Seed;
    }

    /// <summary>Keras's serialized object: <c>{module, class_name, config, registered_name}</c>.</summary>
    public static Dictionary<string, object?> SerializeLayer(Layer layer) => new()
    {
        ["module"] = "keras.layers",
        ["class_name"] = layer.GetType().Name,
        ["config"] = layer.GetConfig(),
        ["registered_name"] = null,
    };
}
