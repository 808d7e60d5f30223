using System.Globalization;

namespace Trellis.Saving;

/// <summary>
/// Typed, checked access to one parsed config object. Every wrong or missing value is a
/// <see cref="TrellisFormatException"/> that names where it is (<c>config.json: layers[1].config.units</c>), what was
/// expected and what was found.
/// </summary>
internal sealed class ConfigReader
{
    public ConfigReader(Dictionary<string, object?> values, string path)
    {
        Values = values;
        Path = path;
    }

    public Dictionary<string, object?> Values { get; }

    /// <summary>Where this object sits in the file, for messages.</summary>
    public string Path { get; }

    public bool Has(string key) => Values.ContainsKey(key);

    public bool IsNull(string key) => !Values.TryGetValue(key, out var v) || v is null;

    public object? Raw(string key) => Values.GetValueOrDefault(key);

    public string GetString(string key) => Values.TryGetValue(key, out var v) switch
    {
        false => throw Missing(key, "a string"),
        true when v is string s => s,
        _ => throw Wrong(key, "a string", Values[key]),
    };

    public string GetString(string key, string fallback) => IsNull(key) ? fallback : GetString(key);

    public string? GetNullableString(string key) => IsNull(key) ? null : GetString(key);

    public bool GetBool(string key, bool fallback) => Values.TryGetValue(key, out var v) switch
    {
        false => fallback,
        true when v is bool b => b,
        _ => throw Wrong(key, "true or false", Values[key]),
    };

    public long GetLong(string key, long min = long.MinValue, long max = long.MaxValue)
    {
        if (!Values.TryGetValue(key, out var v))
        {
            throw Missing(key, "an integer");
        }
        if (v is not long l)
        {
            throw Wrong(key, "an integer", v);
        }
        if (l < min || l > max)
        {
            throw new TrellisFormatException($"{Path}.{key}: expected an integer in [{min}, {max}], but found {l}.");
        }
        return l;
    }

    public int GetInt(string key, int min = int.MinValue, int max = int.MaxValue) => (int)GetLong(key, min, max);

    public int GetInt(string key, int fallback, int min, int max) => Has(key) ? GetInt(key, min, max) : fallback;

    public long? GetNullableLong(string key) => IsNull(key) ? null : GetLong(key);

    public double GetDouble(string key)
    {
        return Values.TryGetValue(key, out var v) switch
        {
            false => throw Missing(key, "a number"),
            true when v is long l => l,
            true when v is double d => d,
            _ => throw Wrong(key, "a number", Values[key]),
        };
    }

    public double GetDouble(string key, double fallback) => Has(key) ? GetDouble(key) : fallback;

    public double? GetNullableDouble(string key) => IsNull(key) ? null : GetDouble(key);

    public ConfigReader GetObject(string key) => Values.TryGetValue(key, out var v) switch
    {
        false => throw Missing(key, "an object"),
        true when v is Dictionary<string, object?> d => new ConfigReader(d, $"{Path}.{key}"),
        _ => throw Wrong(key, "an object", Values[key]),
    };

    public ConfigReader? GetNullableObject(string key) => IsNull(key) ? null : GetObject(key);

    public List<object?> GetList(string key) => Values.TryGetValue(key, out var v) switch
    {
        false => throw Missing(key, "a list"),
        true when v is List<object?> l => l,
        _ => throw Wrong(key, "a list", Values[key]),
    };

    /// <summary>A shape written as a list of sizes with <c>null</c> for unknown ones; each size within <paramref name="maxElements"/>.</summary>
    public Shape GetShape(string key, long maxElements)
    {
        var list = GetList(key);
        if (list.Count > 32)
        {
            throw new TrellisFormatException($"{Path}.{key}: a shape of rank {list.Count}; at most 32 axes are supported.");
        }
        var dims = new int[list.Count];
        double product = 1;
        for (int i = 0; i < dims.Length; i++)
        {
            switch (list[i])
            {
                case null:
                    dims[i] = Shape.Unknown;
                    break;
                case long l when l >= 0 && l <= maxElements:
                    dims[i] = (int)l;
                    product *= Math.Max(l, 1);
                    break;
                default:
                    throw new TrellisFormatException(
                        $"{Path}.{key}[{i}]: expected a size in [0, {maxElements}] or null, but found {Show(list[i])}.");
            }
        }
        if (product > maxElements)
        {
            throw new TrellisFormatException($"{Path}.{key}: the shape {Show(list)} has more elements than the archive's weights could hold ({maxElements}).");
        }
        return dims;
    }

    public Shape? GetNullableShape(string key, long maxElements) => IsNull(key) ? (Shape?)null : GetShape(key, maxElements);

    public DType GetDType(string key)
    {
        if (IsNull(key))
        {
            return DType.Float32;
        }
        string name = GetString(key);
        return name switch
        {
            "float32" => DType.Float32,
            "float64" => DType.Float64,
            _ => throw new TrellisFormatException($"{Path}.{key}: expected 'float32' or 'float64', but found '{name}'."),
        };
    }

    public TrellisFormatException Missing(string key, string expected)
        => new($"{Path}: the key '{key}' is missing; expected {expected}.");

    public TrellisFormatException Wrong(string key, string expected, object? found)
        => new($"{Path}.{key}: expected {expected}, but found {Show(found)}.");

    public static string Show(object? value)
    {
        string text = value switch
        {
            null => "null",
            string s => "\"" + s + "\"",
            bool b => b ? "true" : "false",
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => ConfigJson.SerializeToString(value),
        };
        return text.Length > 80 ? text[..77] + "..." : text;
    }
}
