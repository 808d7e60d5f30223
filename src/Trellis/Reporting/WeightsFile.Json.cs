using System.Text;
using System.Text.Json;

namespace Trellis.Reporting;

/// <summary>The machine-readable form <c>trellis inspect --json</c> prints.</summary>
public sealed partial class WeightsFile
{
    /// <summary>
    /// A JSON description: <c>path</c>, <c>location</c>, <c>format</c>, <c>variables</c> (each <c>key</c>, <c>dtype</c>,
    /// <c>shape</c>, <c>bytes</c>), <c>total_variables</c>, <c>total_bytes</c>, <c>total_elements</c>, <c>metadata</c>,
    /// and <c>object_graph</c> (null, or nodes with <c>id</c>, <c>children</c> (<c>name</c>, <c>node_id</c>, optional <c>slot_of_node_id</c>) and <c>attributes</c> (<c>name</c>, <c>checkpoint_key</c>)).
    /// </summary>
    /// <returns>Indented UTF-8 JSON text.</returns>
    public string ToJson()
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("path", Path);
            w.WriteString("location", Location);
            w.WriteString("format", Format);
            w.WriteStartArray("variables");
            foreach (var e in Entries)
            {
                w.WriteStartObject();
                w.WriteString("key", e.Key);
                w.WriteString("dtype", e.DType);
                w.WriteStartArray("shape");
                foreach (int d in e.Shape)
                {
                    w.WriteNumberValue(d);
                }
                w.WriteEndArray();
                w.WriteNumber("bytes", e.Bytes);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteNumber("total_variables", Entries.Count);
            w.WriteNumber("total_bytes", TotalBytes);
            w.WriteNumber("total_elements", TotalElements);
            w.WriteStartObject("metadata");
            foreach (var kv in Metadata.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            {
                w.WriteString(kv.Key, kv.Value);
            }
            w.WriteEndObject();
            WriteGraph(w);
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private void WriteGraph(Utf8JsonWriter w)
    {
        if (ObjectGraph is null)
        {
            w.WriteNull("object_graph");
            return;
        }
        w.WriteStartArray("object_graph");
        foreach (var node in ObjectGraph)
        {
            w.WriteStartObject();
            w.WriteNumber("id", node.Id);
            w.WriteStartArray("children");
            foreach (var c in node.Children)
            {
                w.WriteStartObject();
                w.WriteString("name", c.Name);
                w.WriteNumber("node_id", c.NodeId);
                if (c.SlotOfNodeId is int original)
                {
                    w.WriteNumber("slot_of_node_id", original);
                }
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartArray("attributes");
            foreach (var a in node.Attributes)
            {
                w.WriteStartObject();
                w.WriteString("name", a.Key);
                w.WriteString("checkpoint_key", a.Value);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }
}
