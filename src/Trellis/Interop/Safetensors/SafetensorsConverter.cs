using Google.Protobuf;
using Trellis.Checkpoints;
using Trellis.Checkpoints.Format;
using Trellis.Checkpoints.Proto;

namespace Trellis.Interop.Safetensors;

/// <summary>Converts between TensorBundle checkpoints and safetensors files, keeping every key.</summary>
/// <remarks>
/// <para>Checkpoint → safetensors: every tensor with a Trellis dtype is written under its checkpoint key; the
/// serialized object graph (<c>_CHECKPOINTABLE_OBJECT_GRAPH</c>) goes, base64-encoded, into <c>__metadata__</c> under
/// the same key, so converting back restores an object-based checkpoint that <c>Checkpoint.Restore</c> accepts.</para>
/// <para>Safetensors → checkpoint: every tensor is written under its name; I8, I16, U16 are widened to int32 and U32
/// to int64 (exact), since TensorBundle readers in Trellis hold those types. The object graph is restored from the
/// metadata when present.</para>
/// <para>Entries neither format side can carry (other string tensors, U64, 8-bit floats) are skipped and returned.</para>
/// </remarks>
public static class SafetensorsConverter
{
    /// <summary>The metadata key holding the base64 object graph (the checkpoint key it comes from).</summary>
    public const string ObjectGraphMetadataKey = BundleNames.ObjectGraphKey;

    /// <summary>Writes a checkpoint's tensors and object graph to a safetensors file.</summary>
    /// <param name="checkpointPath">A checkpoint prefix, a directory with a <c>checkpoint</c> state file, or a SavedModel.</param>
    /// <param name="safetensorsPath">The file to create or replace.</param>
    /// <returns>The keys that were skipped (string tensors other than the object graph, dtypes Trellis cannot read).</returns>
    /// <exception cref="ArgumentException">A path is null or empty.</exception>
    /// <exception cref="TrellisFormatException">The checkpoint is missing or damaged.</exception>
    public static IReadOnlyList<string> CheckpointToSafetensors(string checkpointPath, string safetensorsPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(checkpointPath);
        ArgumentException.ThrowIfNullOrEmpty(safetensorsPath);
        var (tensors, metadata, skipped) = ReadCheckpoint(checkpointPath);
        SafetensorsWriter.Save(safetensorsPath, tensors, metadata);
        return skipped;
    }

    /// <summary>Writes the weights of a whole-model archive (<c>model.Save("m.trellis")</c>) to a safetensors file.</summary>
    /// <param name="archivePath">The model archive (a zip holding <c>model.weights.index</c> and <c>model.weights.data-00000-of-00001</c>).</param>
    /// <param name="safetensorsPath">The file to create or replace.</param>
    /// <returns>The keys that were skipped (none for archives Trellis writes).</returns>
    /// <exception cref="ArgumentException">A path is null or empty.</exception>
    /// <exception cref="TrellisFormatException">The file is not a model archive or its weights are damaged.</exception>
    public static IReadOnlyList<string> ArchiveToSafetensors(string archivePath, string safetensorsPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(archivePath);
        ArgumentException.ThrowIfNullOrEmpty(safetensorsPath);
        var (tensors, metadata, skipped) = ModelArchiveWeights.Read(archivePath, ReadCheckpoint);
        SafetensorsWriter.Save(safetensorsPath, tensors, metadata);
        return skipped;
    }

    /// <summary>The tensors of a checkpoint, its object graph as safetensors metadata, and the keys left out.</summary>
    internal static (List<KeyValuePair<string, Tensor>> Tensors, Dictionary<string, string> Metadata, List<string> Skipped) ReadCheckpoint(string checkpointPath)
    {
        var reader = CheckpointReader.Open(checkpointPath);
        var tensors = new List<KeyValuePair<string, Tensor>>();
        var skipped = new List<string>();
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string key in reader.Bundle.Keys)
        {
            var entry = reader.Bundle.GetEntry(key);
            if (key == BundleNames.ObjectGraphKey && entry.IsString)
            {
                byte[][] graph = reader.Bundle.ReadStrings(key);
                if (graph.Length == 1)
                {
                    metadata[ObjectGraphMetadataKey] = Convert.ToBase64String(graph[0]);
                    continue;
                }
            }
            if (entry.DType is null)
            {
                skipped.Add(key);
                continue;
            }
            tensors.Add(new(key, reader.GetTensor(key)));
        }
        return (tensors, metadata, skipped);
    }

    /// <summary>Writes a safetensors file's tensors (and object graph, if its metadata has one) as a checkpoint.</summary>
    /// <param name="safetensorsPath">The safetensors file.</param>
    /// <param name="checkpointPrefix">The prefix to write (<c>&lt;prefix&gt;.index</c> and <c>&lt;prefix&gt;.data-00000-of-00001</c>).</param>
    /// <returns>The names that were skipped (dtypes with no lossless Trellis type).</returns>
    /// <exception cref="ArgumentException">A path is null or empty.</exception>
    /// <exception cref="TrellisFormatException">The safetensors file is malformed, or its object-graph metadata is not valid.</exception>
    public static IReadOnlyList<string> SafetensorsToCheckpoint(string safetensorsPath, string checkpointPrefix)
    {
        ArgumentException.ThrowIfNullOrEmpty(safetensorsPath);
        ArgumentException.ThrowIfNullOrEmpty(checkpointPrefix);
        var file = SafetensorsFile.Open(safetensorsPath);
        var skipped = new List<string>();
        using var writer = new BundleWriter(checkpointPrefix);
        foreach (var info in file.Tensors)
        {
            if (SafetensorsDTypes.ToDType(info.DType) is null)
            {
                skipped.Add(info.Name);
                continue;
            }
            writer.Add(info.Name, file.GetTensor(info.Name));
        }
        if (ObjectGraphFromMetadata(file) is not null)
        {
            // The original bytes, not a re-serialization: a round trip leaves the checkpoint's graph bit-identical.
            writer.AddStrings(BundleNames.ObjectGraphKey, [Convert.FromBase64String(file.Metadata[ObjectGraphMetadataKey])]);
        }
        writer.Finish();
        return skipped;
    }

    /// <summary>The object graph carried in a safetensors file's metadata, or null.</summary>
    internal static TrackableObjectGraph? ObjectGraphFromMetadata(SafetensorsFile file)
    {
        if (!file.Metadata.TryGetValue(ObjectGraphMetadataKey, out string? base64))
        {
            return null;
        }
        try
        {
            return TrackableObjectGraph.Parser.ParseFrom(Convert.FromBase64String(base64));
        }
        catch (Exception ex) when (ex is FormatException or InvalidProtocolBufferException)
        {
            throw new TrellisFormatException($"safetensors '{file.Source}': metadata '{ObjectGraphMetadataKey}' is not a base64 TrackableObjectGraph. Remove the entry or re-convert the checkpoint.", ex);
        }
    }
}
