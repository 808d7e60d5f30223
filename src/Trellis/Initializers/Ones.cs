namespace Trellis.Initializers;

/// <summary>All ones.</summary>
public sealed class Ones() : Constant(1.0)
{
    /// <inheritdoc/>
    public override string ClassName => "Ones";

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() => [];
}
