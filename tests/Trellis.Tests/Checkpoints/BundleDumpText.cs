using System.Globalization;
using System.Text.RegularExpressions;

namespace Trellis.Tests.Checkpoints;

/// <summary>
/// Parses the text printed by fixtures/_tools/bundle_dump.py (our own Python reader): the stored _decoded/*.txt
/// dumps of the fixtures, and its live output on bundles Trellis writes.
/// </summary>
internal sealed partial class BundleDumpText
{
    public sealed record Entry(string Key, string DType, int[] Shape, int Shard, long Offset, long Size, string CrcStatus)
    {
        /// <summary>All values when the dump printed them all ("values:"), as their text tokens.</summary>
        public List<string>? Values { get; set; }

        /// <summary>The first values and float64 sum when the tensor was large ("first: ... sum=").</summary>
        public List<string>? First { get; set; }

        public double? Sum { get; set; }
    }

    public sealed record Node(List<(int NodeId, string Name)> Children, List<(string Name, string FullName, string CheckpointKey)> Attributes, List<(int Original, string Name, int SlotNode)> Slots);

    public List<Entry> Entries { get; } = [];

    public List<Node> Nodes { get; } = [];

    public int SnappyBlocks { get; private set; } = -1;

    public static BundleDumpText Parse(string text)
    {
        var dump = new BundleDumpText();
        Entry? last = null;
        foreach (string line in text.Split('\n'))
        {
            Match m;
            if ((m = EntryLine().Match(line)).Success)
            {
                int[] shape = m.Groups[3].Value.Trim('[', ']').Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                    .Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
                last = new Entry(m.Groups[1].Value, m.Groups[2].Value, shape, int.Parse(m.Groups[4].Value, CultureInfo.InvariantCulture),
                    long.Parse(m.Groups[5].Value, CultureInfo.InvariantCulture), long.Parse(m.Groups[6].Value, CultureInfo.InvariantCulture), m.Groups[7].Value);
                dump.Entries.Add(last);
            }
            else if ((m = ValuesLine().Match(line)).Success && last is not null)
            {
                last.Values = SplitTokens(m.Groups[1].Value);
            }
            else if ((m = FirstLine().Match(line)).Success && last is not null)
            {
                last.First = SplitTokens(m.Groups[1].Value);
                last.Sum = double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture);
            }
            else if ((m = NodeLine().Match(line)).Success)
            {
                var children = ChildPattern().Matches(m.Groups[1].Value)
                    .Select(c => (int.Parse(c.Groups[1].Value, CultureInfo.InvariantCulture), c.Groups[2].Success ? c.Groups[2].Value : c.Groups[3].Value))
                    .ToList();
                dump.Nodes.Add(new Node(children, [], []));
            }
            else if ((m = AttrLine().Match(line)).Success)
            {
                dump.Nodes[^1].Attributes.Add((m.Groups[1].Value, m.Groups[2].Value, m.Groups[3].Value));
            }
            else if ((m = SlotLine().Match(line)).Success)
            {
                dump.Nodes[^1].Slots.Add((int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), m.Groups[2].Value, int.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture)));
            }
            else if ((m = BlocksLine().Match(line)).Success)
            {
                dump.SnappyBlocks = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
            }
        }
        return dump;
    }

    /// <summary>Parses a Python float repr ('0.5', '-1e-05', 'nan', 'inf').</summary>
    public static double ParseDouble(string token) => token switch
    {
        "nan" => double.NaN,
        "inf" => double.PositiveInfinity,
        "-inf" => double.NegativeInfinity,
        "True" => 1,
        "False" => 0,
        _ => double.Parse(token, NumberStyles.Float, CultureInfo.InvariantCulture),
    };

    private static List<string> SplitTokens(string list)
    {
        string inner = list.Trim().TrimStart('[').TrimEnd(']');
        if (inner.StartsWith("b'", StringComparison.Ordinal) || inner.StartsWith("b\"", StringComparison.Ordinal))
        {
            return BytesPattern().Matches(inner).Select(b => b.Groups[1].Value).ToList();
        }
        return inner.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
    }

    [GeneratedRegex(@"^(\S+)\s+(\S+)\s+(\[[^\]]*\])\s+shard=(\d+) off=(\d+) size=(\d+) (\S+)")]
    private static partial Regex EntryLine();

    [GeneratedRegex(@"^\s+values: (\[.*\])\s*$")]
    private static partial Regex ValuesLine();

    [GeneratedRegex(@"^\s+first: (\[.*\])\s+sum=(\S+)")]
    private static partial Regex FirstLine();

    [GeneratedRegex(@"^\s+node \d+: children=\[(.*)\]\s*$")]
    private static partial Regex NodeLine();

    [GeneratedRegex(@"\((\d+), (?:'([^']*)'|""([^""]*)"")\)")]
    private static partial Regex ChildPattern();

    [GeneratedRegex(@"^\s+attr name='([^']*)' full_name='([^']*)' checkpoint_key='([^']*)'")]
    private static partial Regex AttrLine();

    [GeneratedRegex(@"^\s+slot original=(\d+) name='([^']*)' slot_node=(\d+)")]
    private static partial Regex SlotLine();

    [GeneratedRegex(@"^index blocks: \d+ uncompressed, (\d+) snappy")]
    private static partial Regex BlocksLine();

    [GeneratedRegex(@"b'([^']*)'")]
    private static partial Regex BytesPattern();
}
