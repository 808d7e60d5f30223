namespace Trellis.Layers;

/// <summary>Creates a layer taking the mean over the height and width, as Keras <c>GlobalAveragePooling2D</c>.</summary>
public sealed class GlobalAveragePooling2D : BaseGlobalPooling
{
    /// <summary>Creates the layer.</summary>
    /// <param name="dataFormat">"channels_last" (default) or "channels_first".</param>
    /// <param name="keepDims">Keep the reduced axes with size 1.</param>
    /// <param name="inputShape">The input shape without the batch axis, when this is a model's first layer.</param>
    /// <param name="name">The layer name; <c>global_average_pooling2d</c>... by default.</param>
    /// <param name="dtype">float32 or float64.</param>
    /// <exception cref="ArgumentException">The data format is unknown.</exception>
    public GlobalAveragePooling2D(string dataFormat = "channels_last", bool keepDims = false, Shape? inputShape = null, string? name = null, DType dtype = DType.Float32)
        : base(2, false, dataFormat, keepDims, inputShape, name, dtype)
    {
    }
}
