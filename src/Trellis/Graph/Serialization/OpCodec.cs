using System.Reflection;
using System.Text.Json.Nodes;
using Trellis.Operations;

namespace Trellis.Graph.Serialization;

/// <summary>
/// Writes an op as JSON (its type and constructor arguments, or the static instance it is) and rebuilds it. Only op
/// types of the Trellis assembly are ever instantiated, so a file cannot name arbitrary code.
/// </summary>
internal static class OpCodec
{
    private static readonly Assembly Library = typeof(Op).Assembly;

    public static JsonObject Encode(Op op)
    {
        Type type = op.GetType();
        var json = new JsonObject { ["type"] = TypeKey(type) };
        // Ops kept as static instances (singletons, LogicalOp.And...) are named by their field.
        foreach (var field in type.GetFields(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic))
        {
            if (field.IsInitOnly && ReferenceEquals(field.GetValue(null), op))
            {
                json["static"] = field.Name;
                return json;
            }
        }
        var args = new JsonArray();
        foreach (object? a in op.ConstructorArguments)
        {
            args.Add(ValueCodec.Encode(a));
        }
        json["args"] = args;
        return json;
    }

    public static Op Decode(JsonObject json)
    {
        string key = json["type"]?.GetValue<string>() ?? throw new TrellisFormatException("An op entry has no \"type\".");
        Type type = ResolveType(key);
        if (json["static"] is JsonNode s)
        {
            string name = s.GetValue<string>();
            var field = type.GetField(name, BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic);
            return field?.GetValue(null) as Op ?? throw new TrellisFormatException($"Op type {key} has no static instance '{name}'.");
        }
        var args = json["args"] as JsonArray ?? [];
        var ctor = type.GetConstructors(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)
            .FirstOrDefault(c => c.GetParameters().Length == args.Count)
            ?? throw new TrellisFormatException($"Op type {key} has no constructor taking {args.Count} arguments.");
        var parameters = ctor.GetParameters();
        var values = new object?[args.Count];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = ValueCodec.Decode(args[i], parameters[i].ParameterType);
        }
        return (Op)ctor.Invoke(values);
    }

    /// <summary>A version-free name: full name, with generic arguments in brackets.</summary>
    public static string TypeKey(Type t) => t.IsGenericType
        ? $"{t.GetGenericTypeDefinition().FullName}[{string.Join(",", t.GetGenericArguments().Select(TypeKey))}]"
        : t.FullName!;

    private static Type ResolveType(string key)
    {
        Type type;
        int open = key.IndexOf('[', StringComparison.Ordinal);
        if (open < 0)
        {
            type = Library.GetType(key) ?? throw new TrellisFormatException($"Unknown op type '{key}'.");
        }
        else
        {
            if (!key.EndsWith(']'))
            {
                throw new TrellisFormatException($"Malformed op type '{key}'.");
            }
            Type definition = Library.GetType(key[..open]) ?? throw new TrellisFormatException($"Unknown op type '{key}'.");
            Type[] arguments = key[(open + 1)..^1].Split(',').Select(ResolveAny).ToArray();
            try
            {
                type = definition.MakeGenericType(arguments);
            }
            catch (ArgumentException e)
            {
                throw new TrellisFormatException($"Op type '{key}' cannot be built: {e.Message}");
            }
        }
        if (!typeof(Op).IsAssignableFrom(type) || type.IsAbstract)
        {
            throw new TrellisFormatException($"'{key}' is not an op type.");
        }
        return type;
    }

    private static Type ResolveAny(string key) => Library.GetType(key) ?? throw new TrellisFormatException($"Unknown type '{key}' in an op type.");
}
