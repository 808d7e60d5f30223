using System.Reflection;
using Trellis.Layers;

namespace Trellis.Saving;

/// <summary>
/// Turns layers, optimizers, losses, metrics, initializers and regularizers into Keras 3 serialized form
/// (<c>{"module", "class_name", "config", "registered_name"}</c>) and back. Built-in classes are created by the
/// factories in <c>BuiltIns.*.cs</c>, keyed by their Keras class name; any other class only when it carries
/// <see cref="RegisterSerializableAttribute"/> or is passed in <c>customObjects</c>. Nothing else is ever
/// instantiated, whatever the file says (safe mode).
/// </summary>
internal static partial class SerializableRegistry
{
    public const string RegisteredNameKey = "registered_name";

    /// <summary>Keras 3's serialized form of one object.</summary>
    public static Dictionary<string, object?> Wrap(string? module, string className, Dictionary<string, object?> config, string? registeredName) => new()
    {
        ["module"] = module,
        ["class_name"] = className,
        ["config"] = config,
        [RegisteredNameKey] = registeredName,
    };

    /// <summary>Serialized form of an object of a non-built-in class: its own <c>GetConfig()</c> if it overrides the base's, else its constructor arguments.</summary>
    public static Dictionary<string, object?> WrapCustom(object obj, Type baseWithDefaultConfig, Func<Dictionary<string, object?>> getConfig, string kind)
    {
        var type = obj.GetType();
        var getConfigMethod = type.GetMethod("GetConfig", BindingFlags.Public | BindingFlags.Instance, Type.EmptyTypes);
        bool overridden = getConfigMethod is not null && getConfigMethod.DeclaringType is { } declaring
            && declaring.Assembly != typeof(SerializableRegistry).Assembly;
        Dictionary<string, object?> config;
        if (overridden)
        {
            config = getConfig();
        }
        else
        {
            config = ConstructorConfig.Capture(obj, kind);
            if (baseWithDefaultConfig.IsInstanceOfType(obj))
            {
                foreach (var (key, value) in getConfig())
                {
                    config.TryAdd(key, value);
                }
            }
        }
        string registered = CustomTypeRegistry.NameOf(type) ?? type.Name;
        return Wrap(type.Namespace, type.Name, config, registered);
    }

    /// <summary>
    /// Creates the object a serialized form describes: a built-in through <paramref name="builtIns"/>, otherwise a
    /// registered or custom type deriving from <typeparamref name="T"/>. Every failure is a <see cref="TrellisFormatException"/>.
    /// </summary>
    public static T Deserialize<T>(ConfigReader serialized, LoadContext context, string kind, IReadOnlyDictionary<string, Func<ConfigReader, LoadContext, T>> builtIns)
        where T : class
    {
        string className = serialized.GetString("class_name");
        string? registered = serialized.GetNullableString(RegisteredNameKey);
        var config = serialized.GetObject("config");
        try
        {
            if (registered is null && builtIns.TryGetValue(className, out var factory))
            {
                return factory(config, context);
            }
            var type = Resolve(registered ?? className, className, serialized.GetNullableString("module"), typeof(T), context);
            if (type is null)
            {
                string name = registered ?? className;
                throw new TrellisFormatException(
                    $"{serialized.Path}: unknown {kind} class '{className}' (registered name '{name}'). It is not a built-in {kind}, so it must be registered: " +
                    $"put [RegisterSerializable(\"{(name.Contains('>', StringComparison.Ordinal) ? name : "Custom>" + name)}\")] on the class {className} (namespace Trellis.Saving) " +
                    $"and make sure its assembly is loaded, or pass customObjects: new Dictionary<string, Type> {{ [\"{name}\"] = typeof({className}) }} to Model.Load.");
            }
            if (!typeof(T).IsAssignableFrom(type) || type.IsAbstract)
            {
                throw new TrellisFormatException(
                    $"{serialized.Path}: '{registered ?? className}' resolves to the type {type.FullName}, which is not a concrete {typeof(T).Name}; the archive expects a {kind} here.");
            }
            return (T)ConstructorConfig.Construct(type, config);
        }
        catch (Exception e) when (e is not TrellisFormatException)
        {
            throw new TrellisFormatException($"{config.Path}: the saved config of {kind} '{className}' is not valid: {e.Message}", e);
        }
    }

    private static Type? Resolve(string registeredName, string className, string? module, Type baseType, LoadContext context)
    {
        if (context.CustomObjects is { } custom)
        {
            if (custom.TryGetValue(registeredName, out var t) || custom.TryGetValue(className, out t))
            {
                return t;
            }
        }
        if (CustomTypeRegistry.Find(registeredName) is { } registered)
        {
            return registered;
        }
        if (context.SafeMode || module is null)
        {
            return null;
        }
        // Unsafe mode only: an unregistered class found by its full name in an already loaded assembly.
        string fullName = module + "." + className;
        foreach (var assembly in AppDomain.CurrentDomain.GetAssemblies())
        {
            if (assembly.GetType(fullName, throwOnError: false) is { } found && baseType.IsAssignableFrom(found))
            {
                return found;
            }
        }
        return null;
    }

    /// <summary>Applies the base layer keys every layer config has (<c>trainable</c>) after construction.</summary>
    public static T ApplyLayerBase<T>(T layer, ConfigReader config)
        where T : Layer
    {
        layer.Trainable = config.GetBool("trainable", true);
        return layer;
    }
}
