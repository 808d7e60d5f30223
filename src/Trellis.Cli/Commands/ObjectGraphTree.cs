using Spectre.Console;
using Trellis.Reporting;

namespace Trellis.Cli.Commands;

/// <summary>
/// Renders a checkpoint's object graph as a tree. Each node is expanded once, under the edge a breadth-first walk
/// reaches it by (TensorFlow names checkpoint keys after that shortest path); other edges to it say where it is.
/// </summary>
internal static class ObjectGraphTree
{
    public static Tree Build(IReadOnlyList<ObjectGraphNode> graph, IReadOnlyList<WeightEntry> entries)
    {
        var byKey = entries.ToDictionary(e => e.Key, StringComparer.Ordinal);
        var canonical = CanonicalEdges(graph, out var paths);
        var tree = new Tree("[bold]root[/] (node 0)");
        AddChildren(tree, graph, 0, byKey, canonical, paths);
        return tree;
    }

    // (parent, child) edges that first reach each node in breadth-first order, and each node's path.
    private static HashSet<(int Parent, int Index)> CanonicalEdges(IReadOnlyList<ObjectGraphNode> graph, out string[] paths)
    {
        var edges = new HashSet<(int, int)>();
        paths = new string[graph.Count];
        paths[0] = "root";
        var queue = new Queue<int>();
        queue.Enqueue(0);
        while (queue.Count > 0)
        {
            int id = queue.Dequeue();
            var children = graph[id].Children;
            for (int i = 0; i < children.Count; i++)
            {
                int c = children[i].NodeId;
                if (c >= 0 && c < graph.Count && paths[c] is null)
                {
                    paths[c] = id == 0 ? children[i].Name : $"{paths[id]}/{children[i].Name}";
                    edges.Add((id, i));
                    queue.Enqueue(c);
                }
            }
        }
        return edges;
    }

    private static void AddChildren(IHasTreeNodes parent, IReadOnlyList<ObjectGraphNode> graph, int id, Dictionary<string, WeightEntry> byKey,
                                    HashSet<(int, int)> canonical, string[] paths)
    {
        var node = graph[id];
        foreach (var a in node.Attributes)
        {
            string detail = byKey.TryGetValue(a.Value, out var e) ? $" {e.DType} {e.Shape}" : "";
            parent.AddNode($"[green]{Markup.Escape(a.Key)}[/]{Markup.Escape(detail)}  [grey]{Markup.Escape(a.Value)}[/]");
        }
        for (int i = 0; i < node.Children.Count; i++)
        {
            var child = node.Children[i];
            string label = child.SlotOfNodeId is int original
                ? $"[yellow]slot {Markup.Escape(child.Name)}[/] of node {original} (node {child.NodeId})"
                : $"{Markup.Escape(child.Name)} (node {child.NodeId})";
            if (child.NodeId < 0 || child.NodeId >= graph.Count)
            {
                parent.AddNode(label + " [red]missing[/]");
            }
            else if (canonical.Contains((id, i)))
            {
                AddChildren(parent.AddNode(label), graph, child.NodeId, byKey, canonical, paths);
            }
            else
            {
                parent.AddNode($"{label} [grey]= {Markup.Escape(paths[child.NodeId] ?? "unreachable")}[/]");
            }
        }
    }
}
