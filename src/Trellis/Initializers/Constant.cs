namespace Trellis.Initializers;

/// <summary>Every element equal to <paramref name="value"/>.</summary>
/// <param name="value">The value.</param>
public class Constant(double value = 0.0) : IInitializer
{
    /// <summary>The value.</summary>
    public double Value { get; } = value;

    /// <inheritdoc/>
    public virtual string ClassName => "Constant";

    /// <inheritdoc/>
    public Tensor Create(Shape shape, DType dtype) => Tensor.Fill(shape, Value, dtype);

    /// <inheritdoc/>
    public virtual Dictionary<string, object?> GetConfig() => new() { ["value"] = Value };
}
