namespace Trellis.Checkpoints.Storage;

/// <summary>
/// Where checkpoint bundles live. The real one writes TensorBundle files; tests can swap in one that counts reads or
/// keeps bundles in memory. The checkpoint logic (object graph, restore matching) never touches files directly.
/// </summary>
internal interface ICheckpointStorage
{
    /// <summary>Writes a complete bundle at <paramref name="prefix"/> (atomically: readers never see half of it).</summary>
    /// <param name="prefix">The checkpoint prefix, e.g. <c>dir/ckpt-3</c>.</param>
    /// <param name="tensors">(key, value) pairs; values are not changed while writing.</param>
    /// <param name="objectGraph">The serialized TrackableObjectGraph, stored under <c>_CHECKPOINTABLE_OBJECT_GRAPH</c>.</param>
    /// <param name="bypassPageCache">See <see cref="CheckpointOptions.BypassPageCache"/>; storages without files ignore it.</param>
    void Write(string prefix, IReadOnlyList<KeyValuePair<string, Tensor>> tensors, byte[] objectGraph, bool bypassPageCache);

    /// <summary>Opens the bundle at <paramref name="prefix"/> for reading.</summary>
    /// <exception cref="FileNotFoundException">There is no bundle at the prefix.</exception>
    ICheckpointSource Open(string prefix);

    /// <summary>True when a complete bundle exists at <paramref name="prefix"/>.</summary>
    bool Exists(string prefix);

    /// <summary>Deletes the bundle's files; missing files are ignored.</summary>
    void Delete(string prefix);
}
