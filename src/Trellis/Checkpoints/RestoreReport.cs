namespace Trellis.Checkpoints;

/// <summary>
/// What a restore matched, by object path (edge names joined by '/', e.g. <c>model/dense/kernel</c>; slots as
/// <c>&lt;variable&gt;/.OPTIMIZER_SLOT/&lt;optimizer&gt;/&lt;slot&gt;</c>). Taken at the moment it is read: variables
/// created later by deferred restoration count once they exist.
/// </summary>
/// <param name="Matched">Variables that received a value from the checkpoint.</param>
/// <param name="MissingInCheckpoint">Variables of the live object graph with no value in the checkpoint.</param>
/// <param name="UnusedInCheckpoint">Values in the checkpoint that no live variable has taken (yet).</param>
/// <param name="Mismatched">Variables whose shape or dtype differs from the checkpoint's; they kept their values.</param>
public sealed record RestoreReport(
    IReadOnlyList<string> Matched,
    IReadOnlyList<string> MissingInCheckpoint,
    IReadOnlyList<string> UnusedInCheckpoint,
    IReadOnlyList<RestoreMismatch> Mismatched)
{
    /// <inheritdoc/>
    public override string ToString() =>
        $"matched {Matched.Count}, missing in checkpoint [{string.Join(", ", MissingInCheckpoint)}], " +
        $"unused in checkpoint [{string.Join(", ", UnusedInCheckpoint)}], mismatched [{string.Join("; ", Mismatched)}]";
}
