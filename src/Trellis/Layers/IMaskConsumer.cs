namespace Trellis.Layers;

/// <summary>
/// A layer that takes a (batch, time) bool mask of valid steps (recurrent layers). Inside a
/// <see cref="Models.Sequential"/>, the mask an <see cref="Embedding"/> with <c>maskZero</c> computes reaches the next
/// such layer, through Dropout and Activation layers in between, as Keras propagates masks.
/// </summary>
public interface IMaskConsumer
{
    /// <summary>Applies the layer, skipping the steps where <paramref name="mask"/> is false.</summary>
    /// <param name="inputs">(batch, time, features).</param>
    /// <param name="mask">(batch, time) bool, or null for all steps.</param>
    /// <param name="training">Training mode (dropout).</param>
    Tensor Apply(Tensor inputs, Tensor? mask, bool training = false);
}
