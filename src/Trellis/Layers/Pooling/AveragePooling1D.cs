namespace Trellis.Layers;

/// <summary>Creates average pooling over (batch, steps, channels) inputs, as Keras <c>AveragePooling1D</c>.</summary>
public sealed class AveragePooling1D : BasePooling
{
    /// <summary>Creates the layer.</summary>
    /// <param name="poolSize">The window length.</param>
    /// <param name="strides">The step; null for the pool size.</param>
    /// <param name="padding">"valid" or "same".</param>
    /// <param name="dataFormat">"channels_last" (default) or "channels_first".</param>
    /// <param name="inputShape">The input shape without the batch axis, when this is a model's first layer.</param>
    /// <param name="name">The layer name; <c>average_pooling1d</c>... by default.</param>
    /// <param name="dtype">float32 or float64.</param>
    /// <exception cref="ArgumentException">A size is not positive or a name is unknown.</exception>
    public AveragePooling1D(int poolSize = 2, int? strides = null, string padding = "valid", string dataFormat = "channels_last", Shape? inputShape = null, string? name = null, DType dtype = DType.Float32)
        : base(1, false, [poolSize], strides is null ? null : [strides.Value], padding, dataFormat, inputShape, name, dtype)
    {
    }
}
