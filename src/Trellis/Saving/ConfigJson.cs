using System.Collections;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Trellis.Saving;

/// <summary>
/// Converts config trees (dictionaries of numbers, strings, booleans, lists, nested dictionaries and null, as
/// <c>GetConfig()</c> returns them) to JSON and back. Integers read back as <see cref="long"/>, other numbers as
/// <see cref="double"/>; key order is kept.
/// </summary>
internal static class ConfigJson
{
    /// <summary>Deeper nesting than this is a malformed file, not a model (a nested model adds about 4 levels).</summary>
    public const int MaxDepth = 64;

    public static byte[] Serialize(object? value, bool indented = true)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = indented, MaxDepth = MaxDepth, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            Write(writer, value, "$");
        }
        return stream.ToArray();
    }

    public static string SerializeToString(object? value, bool indented = false) => Encoding.UTF8.GetString(Serialize(value, indented));

    /// <summary>Parses a JSON object; every failure is a <see cref="TrellisFormatException"/> naming <paramref name="member"/>.</summary>
    public static Dictionary<string, object?> ParseObject(ReadOnlySpan<byte> utf8, string member)
    {
        try
        {
            var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = MaxDepth, CommentHandling = JsonCommentHandling.Disallow });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw new TrellisFormatException($"'{member}' must hold a JSON object, but it starts with {Describe(reader)}.");
            }
            var result = ReadObject(ref reader, member);
            if (reader.Read())
            {
                throw new TrellisFormatException($"'{member}' has data after its JSON object (at byte {reader.TokenStartIndex}).");
            }
            return result;
        }
        catch (JsonException e)
        {
            throw new TrellisFormatException($"'{member}' is not valid JSON: {e.Message}", e);
        }
    }

    private static string Describe(Utf8JsonReader reader) => reader.TokenType == JsonTokenType.None ? "nothing" : reader.TokenType.ToString();

    private static Dictionary<string, object?> ReadObject(ref Utf8JsonReader reader, string member)
    {
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            string key = reader.GetString()!;
            reader.Read();
            object? value = ReadValue(ref reader, member);
            if (!result.TryAdd(key, value))
            {
                throw new TrellisFormatException($"'{member}' repeats the key '{key}' in one object; each key may appear once.");
            }
        }
        return result;
    }

    private static object? ReadValue(ref Utf8JsonReader reader, string member)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                return ReadObject(ref reader, member);
            case JsonTokenType.StartArray:
                var list = new List<object?>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    list.Add(ReadValue(ref reader, member));
                }
                return list;
            case JsonTokenType.String:
                return reader.GetString();
            case JsonTokenType.Number:
                if (reader.TryGetInt64(out long l))
                {
                    return l;
                }
                double d = reader.GetDouble();
                if (!double.IsFinite(d))
                {
                    throw new TrellisFormatException($"'{member}' holds a number out of range: {Encoding.UTF8.GetString(reader.ValueSpan)}.");
                }
                return d;
            case JsonTokenType.True:
                return true;
            case JsonTokenType.False:
                return false;
            case JsonTokenType.Null:
                return null;
            default:
                throw new TrellisFormatException($"'{member}' has an unexpected JSON token {reader.TokenType}.");
        }
    }

    // NOTE: relaxed escaping keeps '>' in registered names ("package>Name") readable; the files are never embedded in HTML.
    private static void Write(Utf8JsonWriter writer, object? value, string path)
    {
        switch (value)
        {
            case null:
                writer.WriteNullValue();
                break;
            case string s:
                writer.WriteStringValue(s);
                break;
            case bool b:
                writer.WriteBooleanValue(b);
                break;
            case int or long or short or byte or sbyte or ushort or uint:
                writer.WriteNumberValue(Convert.ToInt64(value, CultureInfo.InvariantCulture));
                break;
            case ulong ul:
                writer.WriteNumberValue(ul);
                break;
            case float f:
                WriteDouble(writer, f, path);
                break;
            case double d:
                WriteDouble(writer, d, path);
                break;
            case Enum e:
                writer.WriteStringValue(e.ToString());
                break;
            case Shape shape:
                writer.WriteStartArray();
                foreach (int dim in shape)
                {
                    if (dim == Shape.Unknown)
                    {
                        writer.WriteNullValue();
                    }
                    else
                    {
                        writer.WriteNumberValue(dim);
                    }
                }
                writer.WriteEndArray();
                break;
            case IDictionary dict:
                writer.WriteStartObject();
                foreach (DictionaryEntry entry in dict)
                {
                    string key = entry.Key as string ?? throw new ArgumentException($"Config at {path} has a non-string key {entry.Key}; config keys must be strings.");
                    writer.WritePropertyName(key);
                    Write(writer, entry.Value, path + "." + key);
                }
                writer.WriteEndObject();
                break;
            case IEnumerable items:
                writer.WriteStartArray();
                int i = 0;
                foreach (object? item in items)
                {
                    Write(writer, item, $"{path}[{i++}]");
                }
                writer.WriteEndArray();
                break;
            default:
                throw new ArgumentException(
                    $"Config value at {path} is a {value.GetType().Name}, which JSON cannot hold. GetConfig() must return numbers, strings, booleans, lists, dictionaries or null.");
        }
    }

    private static void WriteDouble(Utf8JsonWriter writer, double d, string path)
    {
        if (!double.IsFinite(d))
        {
            throw new ArgumentException($"Config value at {path} is {d}; JSON holds finite numbers only.");
        }
        writer.WriteNumberValue(d);
    }
}
