using System.Globalization;

namespace Trellis.Checkpoints.Format;

/// <summary>File and key names of the TensorBundle format.</summary>
internal static class BundleNames
{
    /// <summary>Bundle key holding the serialized TrackableObjectGraph of a TF2 object-based checkpoint.</summary>
    public const string ObjectGraphKey = "_CHECKPOINTABLE_OBJECT_GRAPH";

    /// <summary><c>&lt;prefix&gt;.index</c>.</summary>
    public static string IndexFile(string prefix) => prefix + ".index";

    /// <summary><c>&lt;prefix&gt;.data-0000i-of-0000n</c>.</summary>
    public static string DataFile(string prefix, int shard, int numShards) =>
        string.Create(CultureInfo.InvariantCulture, $"{prefix}.data-{shard:D5}-of-{numShards:D5}");
}
