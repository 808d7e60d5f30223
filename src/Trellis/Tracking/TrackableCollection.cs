using System.Collections;
using System.Globalization;
using System.Runtime.CompilerServices;

namespace Trellis.Tracking;

/// <summary>
/// The object-graph node of a tracked list, array or string-keyed dictionary (TensorFlow's ListWrapper and
/// _DictWrapper): list items are children "0", "1", ...; dictionary values are children named by their key.
/// </summary>
/// <remarks>
/// The node is made once per collection instance (a weak table keeps it), so a list held by two fields is one node and
/// its deferred restorations survive between walks. Children are read live, so items added later are seen.
/// </remarks>
internal sealed class TrackableCollection : Trackable
{
    private static readonly ConditionalWeakTable<object, TrackableCollection> s_nodes = new();

    private readonly IEnumerable _items;

    private TrackableCollection(IEnumerable items) => _items = items;

    /// <summary>The node of <paramref name="collection"/>.</summary>
    public static TrackableCollection For(IEnumerable collection) => s_nodes.GetValue(collection, c => new TrackableCollection((IEnumerable)c));

    /// <summary>The collection this node stands for.</summary>
    public IEnumerable Items => _items;

    /// <inheritdoc/>
    protected override IEnumerable<KeyValuePair<string, object>> AdditionalChildren()
    {
        if (_items is IDictionary dictionary)
        {
            // NOTE: Dictionary<string,T> enumerates in insertion order until items are removed; sort for a stable graph.
            var keys = new List<string>();
            foreach (var key in dictionary.Keys)
            {
                keys.Add((string)key);
            }
            keys.Sort(StringComparer.Ordinal);
            foreach (string key in keys)
            {
                if (Wrap(dictionary[key]) is { } child)
                {
                    yield return new(key, child);
                }
            }
            yield break;
        }
        if (TrackableMembers.DictionaryValueType(_items.GetType()) is not null)
        {
            // A read-only dictionary that is not IDictionary: enumerate its KeyValuePair<string,T> entries by reflection.
            var entries = new List<KeyValuePair<string, object>>();
            foreach (object entry in _items)
            {
                var type = entry.GetType();
                string key = (string)type.GetProperty("Key")!.GetValue(entry)!;
                if (Wrap(type.GetProperty("Value")!.GetValue(entry)) is { } child)
                {
                    entries.Add(new(key, child));
                }
            }
            entries.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
            foreach (var e in entries)
            {
                yield return e;
            }
            yield break;
        }
        int index = 0;
        foreach (object? item in _items)
        {
            if (Wrap(item) is { } child)
            {
                yield return new(index.ToString(CultureInfo.InvariantCulture), child);
            }
            index++;
        }
    }

    private static object? Wrap(object? item) => item switch
    {
        Trackable or Variable => item,
        IEnumerable e and not string => For(e),
        _ => null,
    };
}
