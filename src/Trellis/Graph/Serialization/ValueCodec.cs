using System.Reflection;
using System.Text.Json.Nodes;

namespace Trellis.Graph.Serialization;

/// <summary>JSON for op attribute values: numbers, flags, strings, enums, int arrays, shapes, specs and records of those.</summary>
internal static class ValueCodec
{
    public static JsonNode? Encode(object? value) => value switch
    {
        null => null,
        bool b => JsonValue.Create(b),
        int i => JsonValue.Create(i),
        long l => JsonValue.Create(l),
        double d => JsonValue.Create(d),
        float f => JsonValue.Create(f),
        string s => JsonValue.Create(s),
        Enum e => JsonValue.Create(e.ToString()),
        Shape s => new JsonArray(s.Dims.ToArray().Select(d => (JsonNode?)JsonValue.Create(d)).ToArray()),
        TensorSpec spec => new JsonObject { ["dtype"] = spec.DType.Name(), ["shape"] = Encode(spec.Shape) },
        int[] a => new JsonArray(a.Select(x => (JsonNode?)JsonValue.Create(x)).ToArray()),
        double[] a => new JsonArray(a.Select(x => (JsonNode?)JsonValue.Create(x)).ToArray()),
        TensorSpec[] a => new JsonArray(a.Select(x => Encode(x)).ToArray()),
        Subgraph g => GraphCodec.EncodeSubgraph(g.Graph),
        _ => EncodeRecord(value),
    };

    public static object? Decode(JsonNode? node, Type type)
    {
        Type? nullable = Nullable.GetUnderlyingType(type);
        if (node is null)
        {
            return !type.IsValueType || nullable is not null ? null : throw new TrellisFormatException($"A {type.Name} attribute is null.");
        }
        type = nullable ?? type;
        try
        {
            if (type == typeof(bool)) { return node.GetValue<bool>(); }
            if (type == typeof(int)) { return node.GetValue<int>(); }
            if (type == typeof(long)) { return node.GetValue<long>(); }
            if (type == typeof(double)) { return node.GetValue<double>(); }
            if (type == typeof(float)) { return node.GetValue<float>(); }
            if (type == typeof(string)) { return node.GetValue<string>(); }
            if (type == typeof(DType)) { return Enum.Parse<DType>(node.GetValue<string>()); }
            if (type.IsEnum) { return Enum.Parse(type, node.GetValue<string>()); }
            if (type == typeof(Shape)) { return new Shape(node.AsArray().Select(x => x!.GetValue<int>()).ToArray()); }
            if (type == typeof(int[])) { return node.AsArray().Select(x => x!.GetValue<int>()).ToArray(); }
            if (type == typeof(double[])) { return node.AsArray().Select(x => x!.GetValue<double>()).ToArray(); }
            if (type == typeof(TensorSpec[])) { return node.AsArray().Select(x => (TensorSpec)Decode(x, typeof(TensorSpec))!).ToArray(); }
            if (type == typeof(Subgraph))
            {
                return new Subgraph(GraphCodec.Decode(node as JsonObject ?? throw new TrellisFormatException("A subgraph attribute is not a JSON object."), []));
            }
            if (type == typeof(TensorSpec))
            {
                return new TensorSpec((Shape)Decode(node["shape"], typeof(Shape))!, DTypeExtensions.Parse(node["dtype"]!.GetValue<string>()));
            }
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or ArgumentException or NullReferenceException)
        {
            throw new TrellisFormatException($"An attribute of type {type.Name} is malformed: {node.ToJsonString()}");
        }
        return DecodeRecord(node, type);
    }

    // Records of the library (StridedSliceSpec): one constructor whose parameters are its properties.
    private static JsonObject EncodeRecord(object value)
    {
        Type type = value.GetType();
        if (type.Assembly != typeof(Tensor).Assembly)
        {
            throw new NotSupportedException($"Cannot export an op attribute of type {type.Name}.");
        }
        var json = new JsonObject();
        foreach (var p in RecordConstructor(type).GetParameters())
        {
            var prop = type.GetProperty(p.Name!, BindingFlags.Instance | BindingFlags.Public | BindingFlags.IgnoreCase)
                ?? throw new NotSupportedException($"Cannot export {type.Name}: no property for constructor parameter {p.Name}.");
            json[p.Name!] = Encode(prop.GetValue(value));
        }
        return json;
    }

    private static object DecodeRecord(JsonNode node, Type type)
    {
        if (type.Assembly != typeof(Tensor).Assembly || node is not JsonObject obj)
        {
            throw new TrellisFormatException($"Cannot read an op attribute of type {type.Name}.");
        }
        var ctor = RecordConstructor(type);
        var values = ctor.GetParameters().Select(p => Decode(obj[p.Name!], p.ParameterType)).ToArray();
        return ctor.Invoke(values);
    }

    private static ConstructorInfo RecordConstructor(Type type) =>
        type.GetConstructors(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)
            .Where(c => c.GetParameters().All(p => p.ParameterType != type)) // skip a record's copy constructor
            .OrderByDescending(c => c.GetParameters().Length).First();
}
