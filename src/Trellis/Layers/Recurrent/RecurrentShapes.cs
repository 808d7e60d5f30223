namespace Trellis.Layers;

/// <summary>Shape checks shared by the recurrent layers.</summary>
internal static class RecurrentShapes
{
    /// <summary>The last axis of <paramref name="inputShape"/>, which must be known to create the kernel.</summary>
    public static int KnownLastAxis(Layer layer, Shape inputShape)
    {
        int features = inputShape.Rank == 0 ? Shape.Unknown : inputShape[^1];
        if (features == Shape.Unknown)
        {
            throw new ArgumentException($"Layer '{layer.Name}' needs a known last axis (features) to build, but received input shape {inputShape}.", nameof(inputShape));
        }
        return features;
    }
}
