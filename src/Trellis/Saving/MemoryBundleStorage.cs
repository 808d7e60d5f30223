using Trellis.Checkpoints.Storage;

namespace Trellis.Saving;

/// <summary>Lets a checkpoint restore from an archive's bundle members in memory (read only).</summary>
internal sealed class MemoryBundleStorage(MemoryBundleSource source) : ICheckpointStorage
{
    public void Write(string prefix, IReadOnlyList<KeyValuePair<string, Tensor>> tensors, byte[] objectGraph, bool bypassPageCache)
        => throw new NotSupportedException("An archive's bundle is read only.");

    public ICheckpointSource Open(string prefix) => source;

    public bool Exists(string prefix) => true;

    public void Delete(string prefix) => throw new NotSupportedException("An archive's bundle is read only.");
}
