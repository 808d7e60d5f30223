namespace Trellis.Layers;

/// <summary>Creates average pooling over (batch, height, width, channels) inputs, as Keras <c>AveragePooling2D</c>.</summary>
public sealed class AveragePooling2D : BasePooling
{
    /// <summary>Creates the layer.</summary>
    /// <param name="poolSize">The window: one value or (height, width); null for (2, 2).</param>
    /// <param name="strides">Steps; null for the pool size.</param>
    /// <param name="padding">"valid" or "same".</param>
    /// <param name="dataFormat">"channels_last" (default) or "channels_first".</param>
    /// <param name="inputShape">The input shape without the batch axis, when this is a model's first layer.</param>
    /// <param name="name">The layer name; <c>average_pooling2d</c>... by default.</param>
    /// <param name="dtype">float32 or float64.</param>
    /// <exception cref="ArgumentException">A size is not positive or a name is unknown.</exception>
    public AveragePooling2D(int[]? poolSize = null, int[]? strides = null, string padding = "valid", string dataFormat = "channels_last", Shape? inputShape = null, string? name = null, DType dtype = DType.Float32)
        : base(2, false, poolSize ?? [2, 2], strides, padding, dataFormat, inputShape, name, dtype)
    {
    }
}
