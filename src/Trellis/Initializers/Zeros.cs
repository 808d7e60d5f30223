namespace Trellis.Initializers;

/// <summary>All zeros. The default for biases.</summary>
public sealed class Zeros() : Constant(0.0)
{
    /// <inheritdoc/>
    public override string ClassName => "Zeros";

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() => [];
}
