namespace Trellis.Initializers;

/// <summary>The identity matrix times <paramref name="gain"/> (rectangular shapes get ones on the main diagonal).</summary>
/// <param name="gain">Multiplier.</param>
public sealed class Identity(double gain = 1.0) : IInitializer
{
    /// <inheritdoc/>
    public string ClassName => "Identity";

    /// <inheritdoc/>
    /// <exception cref="ArgumentException">The shape is not rank 2.</exception>
    public Tensor Create(Shape shape, DType dtype)
    {
        if (shape.Rank != 2)
        {
            throw new ArgumentException($"The Identity initializer needs a rank-2 shape, but received {shape}.", nameof(shape));
        }
        var t = Tensor.Zeros(shape, dtype);
        for (int i = 0; i < Math.Min(shape[0], shape[1]); i++)
        {
            t.SetFromDouble(i * shape[1] + i, gain);
        }
        return t;
    }

    /// <inheritdoc/>
    public Dictionary<string, object?> GetConfig() => new() { ["gain"] = gain };
}
