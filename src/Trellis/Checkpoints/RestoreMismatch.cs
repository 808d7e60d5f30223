namespace Trellis.Checkpoints;

/// <summary>A variable whose shape or dtype differs from the checkpoint's value at the same path; it was not restored.</summary>
/// <param name="Path">The object path, edge names joined by '/' (e.g. <c>model/dense/kernel</c>).</param>
/// <param name="Expected">The live variable's shape and dtype.</param>
/// <param name="InCheckpoint">The checkpoint's shape and dtype.</param>
public sealed record RestoreMismatch(string Path, TensorSpec Expected, TensorSpec InCheckpoint)
{
    /// <inheritdoc/>
    public override string ToString() => $"{Path}: the variable is {Expected}, the checkpoint holds {InCheckpoint}";
}
