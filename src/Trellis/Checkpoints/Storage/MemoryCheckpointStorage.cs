namespace Trellis.Checkpoints.Storage;

/// <summary>Bundles kept in memory, for tests: counts reads per key so tests can see a tied variable is read once.</summary>
internal sealed class MemoryCheckpointStorage : ICheckpointStorage
{
    private readonly Dictionary<string, Bundle> _bundles = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    /// <summary>Reads of each key, over all bundles.</summary>
    public Dictionary<string, int> Reads { get; } = new(StringComparer.Ordinal);

    /// <inheritdoc/>
    public void Write(string prefix, IReadOnlyList<KeyValuePair<string, Tensor>> tensors, byte[] objectGraph, bool bypassPageCache)
    {
        var copy = new SortedDictionary<string, Tensor>(StringComparer.Ordinal);
        using var unpooled = Trellis.Tensors.TensorPool.Suspend(); // the bundle outlives any scope of the save
        foreach (var (key, value) in tensors)
        {
            copy.Add(key, Tensor.FromBytes(value.BytesView(), value.Shape, value.DType));
        }
        lock (_lock)
        {
            _bundles[prefix] = new Bundle(copy, (byte[])objectGraph.Clone());
        }
    }

    /// <inheritdoc/>
    public ICheckpointSource Open(string prefix)
    {
        lock (_lock)
        {
            return _bundles.TryGetValue(prefix, out var b) ? new Source(this, prefix, b) : throw new FileNotFoundException($"No checkpoint at '{prefix}'.");
        }
    }

    /// <inheritdoc/>
    public bool Exists(string prefix)
    {
        lock (_lock)
        {
            return _bundles.ContainsKey(prefix);
        }
    }

    /// <inheritdoc/>
    public void Delete(string prefix)
    {
        lock (_lock)
        {
            _bundles.Remove(prefix);
        }
    }

    /// <summary>The keys of the bundle at <paramref name="prefix"/>, sorted.</summary>
    public IReadOnlyCollection<string> Keys(string prefix)
    {
        lock (_lock)
        {
            return [.. _bundles[prefix].Tensors.Keys];
        }
    }

    private sealed record Bundle(SortedDictionary<string, Tensor> Tensors, byte[] ObjectGraph);

    private sealed class Source(MemoryCheckpointStorage owner, string prefix, Bundle bundle) : ICheckpointSource
    {
        public string Prefix => prefix;

        public bool TryGetSpec(string key, out TensorSpec spec)
        {
            bool found = bundle.Tensors.TryGetValue(key, out var t);
            spec = found ? new TensorSpec(t!.Shape, t.DType) : default;
            return found;
        }

        public void ReadInto(string key, Span<byte> destination)
        {
            Count(key);
            bundle.Tensors[key].BytesView().CopyTo(destination);
        }

        public Tensor ReadTensor(string key)
        {
            Count(key);
            var t = bundle.Tensors[key];
            return Tensor.FromBytes(t.BytesView(), t.Shape, t.DType);
        }

        public byte[]? ReadObjectGraph() => bundle.ObjectGraph;

        private void Count(string key)
        {
            lock (owner._lock)
            {
                owner.Reads[key] = owner.Reads.GetValueOrDefault(key) + 1;
            }
        }
    }
}
