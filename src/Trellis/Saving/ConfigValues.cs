using System.Collections;

namespace Trellis.Saving;

/// <summary>Conversions between constructor argument values and config values (JSON-shaped trees).</summary>
internal static class ConfigValues
{
    public static bool TryToConfig(object? value, out object? config)
    {
        switch (value)
        {
            case null or string or bool or int or long or double or float or short or byte:
                config = value;
                return true;
            case Enum e:
                config = e is DType d ? d.Name() : e.ToString();
                return true;
            case Shape s:
                config = s.ToArray().Select(d => d == Shape.Unknown ? null : (object?)d).ToList();
                return true;
            case IDictionary:
                config = null;
                return false;
            case IEnumerable items:
                var list = new List<object?>();
                foreach (object? item in items)
                {
                    if (!TryToConfig(item, out object? c))
                    {
                        config = null;
                        return false;
                    }
                    list.Add(c);
                }
                config = list;
                return true;
            default:
                config = null;
                return false;
        }
    }

    /// <summary>Converts a parsed JSON value to <paramref name="type"/>, or fails naming <paramref name="path"/>.</summary>
    public static object? ConvertTo(object? value, Type type, string path)
    {
        var underlying = Nullable.GetUnderlyingType(type);
        if (value is null)
        {
            if (underlying is not null || !type.IsValueType)
            {
                return null;
            }
            throw new TrellisFormatException($"{path}: expected a {type.Name}, but found null.");
        }
        var target = underlying ?? type;
        try
        {
            return target switch
            {
                _ when target == typeof(object) => value,
                _ when target == typeof(string) => value as string ?? throw Wrong(path, "a string", value),
                _ when target == typeof(bool) => value as bool? ?? throw Wrong(path, "true or false", value),
                _ when target == typeof(int) => value is long l ? checked((int)l) : throw Wrong(path, "an integer", value),
                _ when target == typeof(long) => value as long? ?? throw Wrong(path, "an integer", value),
                _ when target == typeof(double) => value is long l ? l : value as double? ?? throw Wrong(path, "a number", value),
                _ when target == typeof(float) => value is long l ? l : value is double d ? (float)d : throw Wrong(path, "a number", value),
                _ when target == typeof(DType) => ParseDType(value, path),
                _ when target.IsEnum => ParseEnum(value, target, path),
                _ when target == typeof(Shape) => ToShape(value, path),
                _ when target.IsArray => ToArray(value, target.GetElementType()!, path),
                _ => throw new TrellisFormatException($"{path}: the constructor parameter type {target.Name} cannot be read from a config; add a static FromConfig method."),
            };
        }
        catch (OverflowException)
        {
            throw new TrellisFormatException($"{path}: {ConfigReader.Show(value)} is out of range for {target.Name}.");
        }
    }

    private static TrellisFormatException Wrong(string path, string expected, object? found)
        => new($"{path}: expected {expected}, but found {ConfigReader.Show(found)}.");

    private static DType ParseDType(object value, string path) => value switch
    {
        "float32" => DType.Float32,
        "float64" => DType.Float64,
        "int32" => DType.Int32,
        "int64" => DType.Int64,
        _ => throw Wrong(path, "a dtype name such as 'float32'", value),
    };

    private static object ParseEnum(object value, Type type, string path)
    {
        if (value is string s && Enum.TryParse(type, s, ignoreCase: true, out object? e) && Enum.IsDefined(type, e!))
        {
            return e!;
        }
        throw Wrong(path, $"one of {string.Join(", ", Enum.GetNames(type))}", value);
    }

    private static Shape ToShape(object value, string path)
    {
        if (value is not List<object?> list || list.Count > 32)
        {
            throw Wrong(path, "a shape (a list of at most 32 sizes or nulls)", value);
        }
        var dims = new int[list.Count];
        for (int i = 0; i < dims.Length; i++)
        {
            dims[i] = list[i] switch
            {
                null => Shape.Unknown,
                long l when l >= 0 && l <= int.MaxValue => (int)l,
                _ => throw Wrong($"{path}[{i}]", "a size or null", list[i]),
            };
        }
        return dims;
    }

    private static Array ToArray(object value, Type element, string path)
    {
        if (value is not List<object?> list)
        {
            throw Wrong(path, "a list", value);
        }
        var array = Array.CreateInstance(element, list.Count);
        for (int i = 0; i < list.Count; i++)
        {
            array.SetValue(ConvertTo(list[i], element, $"{path}[{i}]"), i);
        }
        return array;
    }
}
