using System.Text.Json.Nodes;
using Trellis.Graph.Ir;

namespace Trellis.Graph.Serialization;

/// <summary>
/// A traced graph as JSON: arguments, constants (inline, base64 little-endian), captured variables (by index into
/// a capture list stored elsewhere), ops (see <see cref="OpCodec"/>) and outputs.
/// </summary>
internal static class GraphCodec
{
    public const int FormatVersion = 1;

    /// <summary>Encodes <paramref name="graph"/>; its captured variables are appended to <paramref name="captures"/>.</summary>
    public static JsonObject Encode(FunctionGraph graph, List<Tensor> captures)
    {
        var nodes = new JsonArray();
        foreach (var node in graph.Nodes)
        {
            var json = new JsonObject
            {
                ["kind"] = node.Kind.ToString(),
                ["dtype"] = node.Spec.DType.Name(),
                ["shape"] = ValueCodec.Encode(node.Spec.Shape),
            };
            switch (node.Kind)
            {
                case NodeKind.Argument:
                    json["index"] = node.ArgumentIndex;
                    break;
                case NodeKind.Constant:
                    json["data"] = Convert.ToBase64String(node.Value!.BytesView());
                    break;
                case NodeKind.Capture:
                    // One variable can have several capture nodes (a read after an assignment gets a new one): save it once.
                    int existing = captures.FindIndex(t => ReferenceEquals(t, node.Value));
                    json["capture"] = existing >= 0 ? existing : captures.Count;
                    if (existing < 0)
                    {
                        captures.Add(node.Value!);
                    }
                    break;
                default:
                    json["op"] = OpCodec.Encode(node.Op!);
                    json["inputs"] = new JsonArray(node.Inputs.Select(i => (JsonNode?)JsonValue.Create(i)).ToArray());
                    break;
            }
            nodes.Add(json);
        }
        return new JsonObject
        {
            ["format_version"] = FormatVersion,
            ["signature"] = new JsonArray(graph.Signature.Select(s => ValueCodec.Encode(s)).ToArray()),
            ["nodes"] = nodes,
            ["outputs"] = new JsonArray(graph.Outputs.Select(o => (JsonNode?)JsonValue.Create(o)).ToArray()),
        };
    }

    /// <summary>
    /// Encodes a Cond branch or loop subgraph. Subgraphs capture nothing themselves (variables they read are inputs of
    /// their control-flow op, see the tracer), so they are self-contained.
    /// </summary>
    public static JsonObject EncodeSubgraph(FunctionGraph graph)
    {
        var captures = new List<Tensor>();
        JsonObject json = Encode(graph, captures);
        if (captures.Count != 0)
        {
            throw new NotSupportedException("A Cond branch or loop body captures a variable directly; export expects it as an input of the control-flow op. Trace the function again with this Trellis version.");
        }
        return json;
    }

    /// <summary>Rebuilds a graph; <paramref name="captures"/> supplies the variables by capture index.</summary>
    /// <exception cref="TrellisFormatException">The JSON is not a valid graph.</exception>
    public static FunctionGraph Decode(JsonObject json, IReadOnlyList<Tensor> captures)
    {
        int version = json["format_version"]?.GetValue<int>() ?? throw new TrellisFormatException("The graph has no format_version.");
        if (version > FormatVersion)
        {
            throw new TrellisFormatException($"The graph has format version {version}; this Trellis reads up to {FormatVersion}. Update Trellis.");
        }
        var signature = (json["signature"] as JsonArray ?? throw new TrellisFormatException("The graph has no signature."))
            .Select(s => (TensorSpec)ValueCodec.Decode(s, typeof(TensorSpec))!).ToArray();
        var builder = new GraphBuilder(signature);
        var nodes = json["nodes"] as JsonArray ?? throw new TrellisFormatException("The graph has no nodes.");
        for (int id = 0; id < nodes.Count; id++)
        {
            var n = nodes[id] as JsonObject ?? throw new TrellisFormatException($"Node {id} is not an object.");
            var spec = new TensorSpec((Shape)ValueCodec.Decode(n["shape"], typeof(Shape))!, DTypeExtensions.Parse(n["dtype"]?.GetValue<string>() ?? ""));
            string kind = n["kind"]?.GetValue<string>() ?? "";
            switch (kind)
            {
                case nameof(NodeKind.Argument):
                    int index = n["index"]!.GetValue<int>();
                    if (index < 0 || index >= signature.Length)
                    {
                        throw new TrellisFormatException($"Node {id} reads argument {index}, but the signature has {signature.Length}.");
                    }
                    builder.Argument(index, spec);
                    break;
                case nameof(NodeKind.Constant):
                    builder.Constant(Tensor.FromBytes(Convert.FromBase64String(n["data"]!.GetValue<string>()), spec.Shape, spec.DType));
                    break;
                case nameof(NodeKind.Capture):
                    int c = n["capture"]!.GetValue<int>();
                    if (c < 0 || c >= captures.Count || captures[c].Shape != spec.Shape || captures[c].DType != spec.DType)
                    {
                        throw new TrellisFormatException($"Node {id} captures variable {c}, which is missing or not {spec}.");
                    }
                    builder.Capture(captures[c]);
                    break;
                case nameof(NodeKind.Op):
                    int[] inputs = (n["inputs"] as JsonArray ?? []).Select(i => i!.GetValue<int>()).ToArray();
                    if (inputs.Any(i => i < 0 || i >= id))
                    {
                        throw new TrellisFormatException($"Node {id} reads a node that does not come before it: [{string.Join(", ", inputs)}].");
                    }
                    builder.Op(OpCodec.Decode(n["op"] as JsonObject ?? throw new TrellisFormatException($"Node {id} has no op.")), inputs, spec);
                    break;
                default:
                    throw new TrellisFormatException($"Node {id} has unknown kind '{kind}'.");
            }
        }
        int[] outputs = (json["outputs"] as JsonArray ?? []).Select(o => o!.GetValue<int>()).ToArray();
        if (outputs.Length == 0 || outputs.Any(o => o < 0 || o >= nodes.Count))
        {
            throw new TrellisFormatException("The graph's outputs are missing or out of range.");
        }
        return builder.Finish(outputs);
    }
}
