using Trellis.Tracking;

namespace Trellis.Checkpoints;

/// <summary>What a restore matched, for <see cref="RestoreStatus"/>: computed on demand, so deferred restores count.</summary>
internal sealed partial class CheckpointRestoration
{
    /// <summary>The report as of now: walks the live graph from the root.</summary>
    public RestoreReport Report()
    {
        lock (Sync)
        {
            var view = ObjectGraphView.Build(Root);
            var matched = new List<string>();
            var unused = new List<string>();
            for (int id = 0; id < Graph.Nodes.Count; id++)
            {
                if (ValueKeyOf(id) is null)
                {
                    continue;
                }
                if (_restoredValues.Contains(id))
                {
                    matched.Add(PathOf(id));
                }
                else if (!_mismatches.ContainsKey(PathOf(id)))
                {
                    unused.Add(PathOf(id));
                }
            }
            var missing = new List<string>();
            foreach (var node in view.VariableNodes())
            {
                if (!_nodeByObject.TryGetValue(node.Object, out int id) || !_restoredValues.Contains(id))
                {
                    string path = node.DisplayPath;
                    if (!_mismatches.ContainsKey(path))
                    {
                        missing.Add(path);
                    }
                }
            }
            return new RestoreReport(matched, missing, unused, [.. _mismatches.Values]);
        }
    }

    /// <summary>Checkpoint nodes with a value that no live object matched (paths).</summary>
    public List<string> UnresolvedNodes()
    {
        lock (Sync)
        {
            var result = new List<string>();
            for (int id = 0; id < Graph.Nodes.Count; id++)
            {
                if (Graph.Nodes[id].Attributes.Count > 0 && !_objectByNode.ContainsKey(id))
                {
                    result.Add(PathOf(id));
                }
            }
            return result;
        }
    }

    /// <summary>Number of checkpoint nodes matched to live objects, not counting the root and its save counter.</summary>
    public int NontrivialMatches()
    {
        lock (Sync)
        {
            int count = 0;
            foreach (var (id, live) in _objectByNode)
            {
                if (id != 0 && !(live is Variable && PathOf(id) == Checkpoint.SaveCounterName))
                {
                    count++;
                }
            }
            return count;
        }
    }
}
