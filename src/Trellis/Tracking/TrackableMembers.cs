using System.Collections;
using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace Trellis.Tracking;

/// <summary>
/// The members of a <see cref="Trackable"/> type that are children in the object graph, found once per type by
/// reflection: instance fields (of every base class too, private ones included) and auto-properties whose declared
/// type is a <see cref="Trackable"/>, a <see cref="Variable"/>, or an array/list/string-keyed dictionary of them.
/// </summary>
internal sealed class TrackableMembers
{
    private static readonly ConcurrentDictionary<Type, TrackableMembers> s_cache = new();

    private TrackableMembers(List<TrackedMember> members) => Members = members;

    /// <summary>The tracked members, base-class members first, each class's in declaration order.</summary>
    public IReadOnlyList<TrackedMember> Members { get; }

    /// <summary>The (cached) members of <paramref name="type"/>.</summary>
    /// <exception cref="ArgumentException">Two members of the type map to the same child name.</exception>
    public static TrackableMembers For(Type type) => s_cache.GetOrAdd(type, Discover);

    /// <summary>True when values of a member declared as <paramref name="type"/> can be or hold trackable children.</summary>
    public static bool IsTrackableType(Type type)
    {
        if (typeof(Trackable).IsAssignableFrom(type) || typeof(Variable).IsAssignableFrom(type))
        {
            return true;
        }
        if (type.IsArray)
        {
            return type.GetArrayRank() == 1 && IsTrackableType(type.GetElementType()!);
        }
        if (DictionaryValueType(type) is { } v)
        {
            return IsTrackableType(v);
        }
        return SequenceElementType(type) is { } e && IsTrackableType(e);
    }

    /// <summary>The value type of a <c>IDictionary&lt;string,T&gt;</c>/<c>IReadOnlyDictionary&lt;string,T&gt;</c>, else null.</summary>
    public static Type? DictionaryValueType(Type type)
    {
        foreach (var i in SelfAndInterfaces(type))
        {
            if (i.IsGenericType && i.GetGenericArguments() is [var k, var v] && k == typeof(string) &&
                (i.GetGenericTypeDefinition() == typeof(IDictionary<,>) || i.GetGenericTypeDefinition() == typeof(IReadOnlyDictionary<,>)))
            {
                return v;
            }
        }
        return null;
    }

    private static Type? SequenceElementType(Type type)
    {
        if (type == typeof(string))
        {
            return null;
        }
        foreach (var i in SelfAndInterfaces(type))
        {
            if (i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))
            {
                return i.GetGenericArguments()[0];
            }
        }
        return null;
    }

    private static Type[] SelfAndInterfaces(Type type) => type.IsInterface ? [type, .. type.GetInterfaces()] : type.GetInterfaces();

    private static TrackableMembers Discover(Type type)
    {
        var chain = new List<Type>();
        for (var t = type; t is not null && t != typeof(Trackable) && t != typeof(object); t = t.BaseType)
        {
            chain.Add(t);
        }
        chain.Reverse();   // base classes first: their children keep the same order in every subclass

        var members = new List<TrackedMember>();
        var byName = new Dictionary<string, TrackedMember>(StringComparer.Ordinal);
        foreach (var t in chain)
        {
            var fields = t.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly);
            Array.Sort(fields, (a, b) => a.MetadataToken.CompareTo(b.MetadataToken));   // declaration order
            foreach (var field in fields)
            {
                if (!IsTrackableType(field.FieldType))
                {
                    continue;
                }
                var (name, source) = Describe(t, field);
                if (name is null)
                {
                    continue;
                }
                var member = new TrackedMember(name, $"{t.Name}.{source}", field);
                if (byName.TryGetValue(name, out var other))
                {
                    throw new ArgumentException(
                        $"{type.Name}: members {other.Source} and {member.Source} both map to the child name '{name}'. " +
                        "Child names become checkpoint keys and must be unique: rename one, or put [TrackAs(\"other_name\")] or [NotTracked] on it.");
                }
                byName.Add(name, member);
                members.Add(member);
            }
        }
        return new TrackableMembers(members);
    }

    /// <summary>The child name of a field (null when it opts out) and how to name the member in messages.</summary>
    private static (string? Name, string Source) Describe(Type declaring, FieldInfo field)
    {
        MemberInfo attributeHolder = field;
        string source = field.Name;
        string baseName = field.Name;
        if (field.Name.StartsWith('<'))
        {
            int close = field.Name.IndexOf('>', StringComparison.Ordinal);
            string inner = field.Name[1..close];
            if (field.Name.EndsWith("k__BackingField", StringComparison.Ordinal))
            {
                var property = declaring.GetProperty(inner, BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly);
                if (property is not null)
                {
                    attributeHolder = property;
                }
                source = inner;
            }
            else if (field.IsDefined(typeof(CompilerGeneratedAttribute)) && !field.Name.EndsWith(">P", StringComparison.Ordinal))
            {
                return (null, source);   // other compiler machinery (closures, state machines) is not state
            }
            else
            {
                source = inner + " (primary constructor parameter)";
            }
            baseName = inner;
        }
        if (attributeHolder.IsDefined(typeof(NotTrackedAttribute), inherit: true) || field.IsDefined(typeof(NotTrackedAttribute), inherit: true))
        {
            return (null, source);
        }
        var rename = attributeHolder.GetCustomAttribute<TrackAsAttribute>(inherit: true) ?? field.GetCustomAttribute<TrackAsAttribute>(inherit: true);
        if (rename is not null)
        {
            return (rename.Name, source);
        }
        string name = baseName.TrimStart('_');
        return (name.Length == 0 ? baseName : name, source);
    }
}

/// <summary>One tracked member: its child name, its description for messages, and the field holding its value.</summary>
internal sealed class TrackedMember(string name, string source, FieldInfo field)
{
    /// <summary>The child (edge) name.</summary>
    public string Name { get; } = name;

    /// <summary><c>Type.member</c>, for error messages.</summary>
    public string Source { get; } = source;

    /// <summary>The member's current value: a Trackable, a Variable, a collection wrapper node, or null.</summary>
    public object? GetChild(object owner)
    {
        object? value = field.GetValue(owner);
        return value switch
        {
            null => null,
            Trackable or Variable => value,
            IEnumerable e => TrackableCollection.For(e),
            _ => null,
        };
    }
}
