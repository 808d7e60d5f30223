namespace Trellis.Checkpoints;

/// <summary>
/// The outcome of <see cref="Checkpoint.Restore"/> or <see cref="Checkpoint.Read"/>, live: variables created after the
/// restore that take checkpoint values (deferred restoration) count as soon as they exist. The assertions have
/// TensorFlow's semantics and name the object paths at fault.
/// </summary>
public sealed class RestoreStatus
{
    private readonly CheckpointRestoration _restoration;

    internal RestoreStatus(CheckpointRestoration restoration) => _restoration = restoration;

    /// <summary>The checkpoint prefix that was restored.</summary>
    public string CheckpointPath => _restoration.Source.Prefix;

    /// <summary>What was matched, missing, unused and mismatched, by path, as of now.</summary>
    public RestoreReport Report => _restoration.Report();

    /// <summary>
    /// Asserts a complete match both ways: every value in the checkpoint was restored into a live variable, and
    /// every variable of the live object graph received a value (so also <see cref="AssertExistingObjectsMatched"/>).
    /// </summary>
    /// <returns>This status, to chain calls.</returns>
    /// <exception cref="InvalidOperationException">Some checkpoint value has no live variable yet (the message lists their
    /// paths; build the model first or use <see cref="ExpectPartial"/>), a shape or dtype differs, or a live variable is not in the checkpoint.</exception>
    public RestoreStatus AssertConsumed()
    {
        var unresolved = _restoration.UnresolvedNodes();
        var report = _restoration.Report();
        if (unresolved.Count > 0)
        {
            throw new InvalidOperationException(
                $"Unresolved objects in checkpoint '{CheckpointPath}': {List(unresolved)}. These values were not restored because no live object exists at those paths " +
                "(yet). Build the model (or create the optimizer's slots) before asserting, rename the members to match, or call ExpectPartial() if a partial restore is intended.");
        }
        if (report.UnusedInCheckpoint.Count > 0)
        {
            throw new InvalidOperationException(
                $"Values in checkpoint '{CheckpointPath}' were not restored: {List(report.UnusedInCheckpoint)}. Their objects exist but took no value; check their types.");
        }
        return AssertExistingObjectsMatched();
    }

    /// <summary>
    /// Asserts that every variable now in the live object graph was matched to a value in the checkpoint (the
    /// checkpoint may hold more: objects not created yet, or no longer used).
    /// </summary>
    /// <returns>This status, to chain calls.</returns>
    /// <exception cref="InvalidOperationException">A live variable has no value in the checkpoint, or its shape or dtype differs (paths named).</exception>
    public RestoreStatus AssertExistingObjectsMatched()
    {
        var report = _restoration.Report();
        if (report.Mismatched.Count > 0)
        {
            throw new InvalidOperationException(
                $"Checkpoint '{CheckpointPath}' does not fit these variables (they kept their values): {string.Join("; ", report.Mismatched)}. " +
                "Create the variables with the checkpoint's shapes and dtypes, or restore a checkpoint of this model.");
        }
        if (report.MissingInCheckpoint.Count > 0)
        {
            throw new InvalidOperationException(
                $"Some objects were not bound to values in checkpoint '{CheckpointPath}': {List(report.MissingInCheckpoint)}. " +
                "The checkpoint has nothing at those paths, likely because the program changed (a renamed or added member). " +
                "Use [TrackAs(\"old_name\")] to keep an old name, or restore a checkpoint written by this program.");
        }
        return this;
    }

    /// <summary>Asserts that something other than the root (and its save counter) was matched: the checkpoint fits the program at all.</summary>
    /// <returns>This status, to chain calls.</returns>
    /// <exception cref="InvalidOperationException">Nothing but the root matched (the message lists live variables left without values).</exception>
    public RestoreStatus AssertNontrivialMatch()
    {
        if (_restoration.NontrivialMatches() == 0)
        {
            var missing = _restoration.Report().MissingInCheckpoint;
            throw new InvalidOperationException(missing.Count > 0
                ? $"Nothing except the root object matched a value in checkpoint '{CheckpointPath}': the checkpoint does not fit this program. " +
                  $"These objects have no matching value: {List(missing)}. Compare the names with CheckpointReader.Open(path).ListVariables()."
                : $"Nothing to restore from checkpoint '{CheckpointPath}': the root has no children that match yet. Add the objects to the Checkpoint before restoring.");
        }
        return this;
    }

    /// <summary>
    /// Declares that a partial restore is intended (TensorFlow's <c>expect_partial</c>). Trellis never warns about
    /// unrestored values, so this only documents intent; assertions still work afterwards.
    /// </summary>
    /// <returns>This status, to chain calls.</returns>
    public RestoreStatus ExpectPartial() => this;

    private static string List(IReadOnlyList<string> paths) =>
        paths.Count <= 20 ? string.Join(", ", paths) : string.Join(", ", paths.Take(20)) + $", ... ({paths.Count - 20} more)";
}
