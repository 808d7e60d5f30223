namespace Trellis.Layers;

/// <summary>What a layer accepts as input: checked on every call, with a message naming the layer and the shapes.</summary>
/// <param name="MinRank">The smallest accepted rank, or null.</param>
/// <param name="Rank">The exact rank, or null.</param>
/// <param name="Axes">Required sizes of given axes (negative axes count from the end), or null.</param>
public sealed record InputSpec(int? MinRank = null, int? Rank = null, IReadOnlyDictionary<int, int>? Axes = null)
{
    /// <summary>Throws when <paramref name="shape"/> does not satisfy the spec.</summary>
    /// <param name="layer">The layer, named in the message.</param>
    /// <param name="shape">The received input shape.</param>
    /// <exception cref="ArgumentException">The rank or an axis size differs from the spec.</exception>
    public void Check(Layer layer, Shape shape)
    {
        ArgumentNullException.ThrowIfNull(layer);
        if (Rank is int rank && shape.Rank != rank)
        {
            throw new ArgumentException($"Layer '{layer.Name}' expected input of rank {rank}, but received shape {shape} (rank {shape.Rank}).");
        }
        if (MinRank is int minRank && shape.Rank < minRank)
        {
            throw new ArgumentException($"Layer '{layer.Name}' expected input of rank at least {minRank}, but received shape {shape} (rank {shape.Rank}).");
        }
        if (Axes is null)
        {
            return;
        }
        foreach (var (axis, size) in Axes)
        {
            int a = axis < 0 ? shape.Rank + axis : axis;
            if (a < 0 || a >= shape.Rank || (shape[a] != Shape.Unknown && shape[a] != size))
            {
                string which = axis == -1 ? "last axis" : $"axis {axis}";
                string hint = axis == -1 ? " Add a Flatten layer or change inputShape." : "";
                throw new ArgumentException($"Layer '{layer.Name}' expected input with {which} {size}, but received shape {shape}.{hint}");
            }
        }
    }
}
