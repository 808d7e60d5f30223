namespace Trellis.Checkpoints.Storage;

/// <summary>An open checkpoint bundle: its tensors by key, and its object graph.</summary>
internal interface ICheckpointSource
{
    /// <summary>The prefix it was opened from.</summary>
    string Prefix { get; }

    /// <summary>The shape and dtype stored under <paramref name="key"/>; false when the key is absent or not a numeric tensor.</summary>
    bool TryGetSpec(string key, out TensorSpec spec);

    /// <summary>Reads the tensor stored under <paramref name="key"/> straight into <paramref name="destination"/> (its exact byte size).</summary>
    void ReadInto(string key, Span<byte> destination);

    /// <summary>Reads the tensor stored under <paramref name="key"/>.</summary>
    Tensor ReadTensor(string key);

    /// <summary>The serialized TrackableObjectGraph, or null for a name-based (TF1) bundle that has none.</summary>
    byte[]? ReadObjectGraph();
}
