namespace Trellis.Tracking;

/// <summary>
/// TensorFlow's checkpoint key scheme (trackable/base.py and checkpoint/save_util_v1.py): names are the file format,
/// so these strings must match TensorFlow's byte for byte.
/// </summary>
internal static class TrackableNaming
{
    /// <summary>The key of the serialized TrackableObjectGraph in a bundle.</summary>
    public const string ObjectGraphKey = "_CHECKPOINTABLE_OBJECT_GRAPH";

    /// <summary>The attribute name of a variable's value.</summary>
    public const string VariableValue = "VARIABLE_VALUE";

    /// <summary>Escapes one edge name: '.' becomes "..", '/' becomes ".S", so '/' can join a path unambiguously.</summary>
    public static string Escape(string localName) => localName.Replace(".", "..", StringComparison.Ordinal).Replace("/", ".S", StringComparison.Ordinal);

    /// <summary>The object path: escaped edge names joined by '/'; the root's is empty.</summary>
    public static string ObjectPath(IReadOnlyList<string> edges)
    {
        var escaped = new string[edges.Count];
        for (int i = 0; i < edges.Count; i++)
        {
            escaped[i] = Escape(edges[i]);
        }
        return string.Join('/', escaped);
    }

    /// <summary><c>&lt;object path&gt;/.ATTRIBUTES/&lt;attribute&gt;</c>.</summary>
    public static string AttributeKey(string objectPath, string attribute = VariableValue) => $"{objectPath}/.ATTRIBUTES/{attribute}";

    /// <summary>The object name of a slot: <c>&lt;variable path&gt;/.OPTIMIZER_SLOT/&lt;optimizer path&gt;/&lt;escaped slot name&gt;</c>.</summary>
    public static string SlotPath(string originalVariablePath, string optimizerPath, string slotName) =>
        $"{originalVariablePath}/.OPTIMIZER_SLOT/{optimizerPath}/{Escape(slotName)}";

    /// <summary>A readable path for messages: unescaped edge names joined by '/', or "(root)".</summary>
    public static string Display(IReadOnlyList<string> edges) => edges.Count == 0 ? "(root)" : string.Join('/', edges);
}
