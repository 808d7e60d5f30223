using System.Reflection;
using Trellis.Layers;

namespace Trellis.Saving;

/// <summary>
/// The default config of a custom type (the values of its public constructor's parameters, read back from members of
/// the same names) and the way back (calling that constructor with the config's values). Used only for types that are
/// registered or passed as custom objects; built-in types have explicit factories.
/// </summary>
internal static class ConstructorConfig
{
    private const BindingFlags InstanceMembers = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic;

    /// <summary>The constructor arguments of <paramref name="obj"/> as a config, or an exception saying what to implement.</summary>
    public static Dictionary<string, object?> Capture(object obj, string kind)
    {
        var type = obj.GetType();
        var constructors = type.GetConstructors().OrderByDescending(c => c.GetParameters().Length).ToArray();
        if (constructors.Length == 0)
        {
            throw new InvalidOperationException($"The {kind} '{type.Name}' has no public constructor, so it cannot be saved with a config. Add a public constructor.");
        }
        string? firstProblem = null;
        foreach (var constructor in constructors)
        {
            var config = new Dictionary<string, object?>(StringComparer.Ordinal);
            string? problem = null;
            foreach (var parameter in constructor.GetParameters())
            {
                if (!TryReadMember(obj, parameter, out object? value, out problem))
                {
                    break;
                }
                config[LayerNames.SnakeCase(parameter.Name!)] = value;
            }
            if (problem is null)
            {
                return config;
            }
            firstProblem ??= problem;
        }
        throw new InvalidOperationException(
            $"The {kind} '{type.Name}' cannot be saved: {firstProblem} Fix: keep each constructor argument in a property or field of the same name " +
            $"(for example 'public int Units {{ get; }} = units;'), or override GetConfig() to return the values needed to rebuild it " +
            "(the keys must match constructor parameter names, or add 'public static " + type.Name + " FromConfig(IReadOnlyDictionary<string, object?> config)').");
    }

    /// <summary>Builds <paramref name="type"/> from <paramref name="config"/> with its <c>FromConfig</c> method or a matching public constructor.</summary>
    public static object Construct(Type type, ConfigReader config)
    {
        var fromConfig = type.GetMethod("FromConfig", BindingFlags.Public | BindingFlags.Static, [typeof(IReadOnlyDictionary<string, object?>)]);
        if (fromConfig is not null && type.IsAssignableFrom(fromConfig.ReturnType))
        {
            return Invoke(type, () => fromConfig.Invoke(null, [config.Values])!);
        }
        TrellisFormatException? firstProblem = null;
        foreach (var constructor in type.GetConstructors().OrderByDescending(c => c.GetParameters().Length))
        {
            var parameters = constructor.GetParameters();
            var arguments = new object?[parameters.Length];
            TrellisFormatException? problem = null;
            for (int i = 0; i < parameters.Length && problem is null; i++)
            {
                var p = parameters[i];
                string snake = LayerNames.SnakeCase(p.Name!);
                string? key = config.Has(snake) ? snake : config.Has(p.Name!) ? p.Name : null;
                if (key is null)
                {
                    if (p.HasDefaultValue)
                    {
                        arguments[i] = p.DefaultValue;
                        continue;
                    }
                    problem = config.Missing(snake, $"a value for the constructor parameter '{p.Name}' of {type.Name}");
                    continue;
                }
                try
                {
                    arguments[i] = ConfigValues.ConvertTo(config.Raw(key), p.ParameterType, $"{config.Path}.{key}");
                }
                catch (TrellisFormatException e)
                {
                    problem = e;
                }
            }
            if (problem is null)
            {
                return Invoke(type, () => constructor.Invoke(arguments));
            }
            firstProblem ??= problem;
        }
        throw firstProblem ?? new TrellisFormatException($"{config.Path}: the type '{type.Name}' has no public constructor and no static FromConfig method, so it cannot be loaded.");
    }

    private static object Invoke(Type type, Func<object> create)
    {
        try
        {
            return create();
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            throw new TrellisFormatException($"Creating '{type.Name}' from its saved config failed: {e.InnerException.Message}", e.InnerException);
        }
    }

    private static bool TryReadMember(object obj, ParameterInfo parameter, out object? value, out string? problem)
    {
        value = null;
        string wanted = Normalize(parameter.Name!);
        for (var t = obj.GetType(); t is not null && t != typeof(object); t = t.BaseType)
        {
            foreach (var property in t.GetProperties(InstanceMembers | BindingFlags.DeclaredOnly))
            {
                if (property.GetMethod is not null && property.GetIndexParameters().Length == 0 && Normalize(property.Name) == wanted)
                {
                    return Accept(property.GetValue(obj), property.PropertyType, parameter, out value, out problem);
                }
            }
            foreach (var field in t.GetFields(InstanceMembers | BindingFlags.DeclaredOnly))
            {
                // Primary-constructor captures are compiler fields named "<units>P".
                string name = field.Name.StartsWith('<') ? field.Name[1..field.Name.IndexOf('>', StringComparison.Ordinal)] : field.Name;
                if (Normalize(name) == wanted)
                {
                    return Accept(field.GetValue(obj), field.FieldType, parameter, out value, out problem);
                }
            }
        }
        if (parameter.Name is "name" && obj is Layer layer)
        {
            value = layer.Name;
            problem = null;
            return true;
        }
        if (parameter.Name is "dtype" && obj is Layer l)
        {
            value = l.DType.Name();
            problem = null;
            return true;
        }
        problem = $"its constructor parameter '{parameter.Name}' has no property or field of the same name, so its value cannot be recovered.";
        return false;
    }

    private static bool Accept(object? memberValue, Type memberType, ParameterInfo parameter, out object? value, out string? problem)
    {
        value = null;
        var target = Nullable.GetUnderlyingType(parameter.ParameterType) ?? parameter.ParameterType;
        var source = Nullable.GetUnderlyingType(memberType) ?? memberType;
        if (!target.IsAssignableFrom(source) && !(target == typeof(DType) && source == typeof(DType)))
        {
            problem = $"its constructor parameter '{parameter.Name}' is a {parameter.ParameterType.Name}, but the member of that name is a {memberType.Name}.";
            return false;
        }
        if (!ConfigValues.TryToConfig(memberValue, out value))
        {
            problem = $"its constructor parameter '{parameter.Name}' holds a {memberValue!.GetType().Name}, which a JSON config cannot hold.";
            return false;
        }
        problem = null;
        return true;
    }

    private static string Normalize(string name) => name.Replace("_", "", StringComparison.Ordinal).ToLowerInvariant();
}
