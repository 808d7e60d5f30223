using System.Collections.Concurrent;
using System.Reflection;

namespace Trellis.Saving;

/// <summary>
/// The <see cref="RegisterSerializableAttribute"/> types of every loaded assembly, by registered name. Assemblies are
/// scanned once each, on the first lookup after they load, so registration needs no call.
/// </summary>
internal static class CustomTypeRegistry
{
    private static readonly ConcurrentDictionary<string, Type> s_byName = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<Assembly, bool> s_scanned = new();

    /// <summary>The registered name of <paramref name="type"/>, or null when it carries no attribute.</summary>
    public static string? NameOf(Type type)
    {
        var attribute = type.GetCustomAttribute<RegisterSerializableAttribute>(inherit: false);
        if (attribute is null)
        {
            return null;
        }
        s_byName.TryAdd(attribute.RegisteredName, type);
        return attribute.RegisteredName;
    }

    /// <summary>The type registered under <paramref name="registeredName"/>, scanning newly loaded assemblies if needed.</summary>
    public static Type? Find(string registeredName)
    {
        if (s_byName.TryGetValue(registeredName, out var type))
        {
            return type;
        }
        ScanNewAssemblies();
        return s_byName.GetValueOrDefault(registeredName);
    }

    private static void ScanNewAssemblies()
    {
        foreach (var assembly in AppDomain.CurrentDomain.GetAssemblies())
        {
            if (assembly.IsDynamic || !s_scanned.TryAdd(assembly, true) || !MayReferenceTrellis(assembly))
            {
                continue;
            }
            Type[] types;
            try
            {
                types = assembly.GetTypes();
            }
            catch (ReflectionTypeLoadException e)
            {
                types = [.. e.Types.Where(t => t is not null)!];
            }
            foreach (var t in types)
            {
                if (t.GetCustomAttribute<RegisterSerializableAttribute>(inherit: false) is { } a)
                {
                    s_byName.TryAdd(a.RegisteredName, t);
                }
            }
        }
    }

    // PERF: skips the framework's assemblies, which cannot hold Trellis types.
    private static bool MayReferenceTrellis(Assembly assembly)
    {
        var trellis = typeof(CustomTypeRegistry).Assembly.GetName().Name;
        return assembly == typeof(CustomTypeRegistry).Assembly
            || assembly.GetReferencedAssemblies().Any(r => r.Name == trellis);
    }
}
