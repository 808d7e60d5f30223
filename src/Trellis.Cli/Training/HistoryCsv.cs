using System.Globalization;
using System.Text;

namespace Trellis.Cli.Training;

/// <summary>history.csv: one row per epoch (<c>epoch</c>, then each metric, then <c>seconds</c>), like Keras's CSVLogger.</summary>
internal static class HistoryCsv
{
    public static void Write(string path, IReadOnlyList<Dictionary<string, double>> epochs)
    {
        var columns = epochs.SelectMany(e => e.Keys).Distinct().Where(k => k != "seconds").ToList();
        columns.Add("seconds");
        var sb = new StringBuilder("epoch,").AppendJoin(',', columns).Append('\n');
        for (int i = 0; i < epochs.Count; i++)
        {
            sb.Append(i + 1);
            foreach (string c in columns)
            {
                sb.Append(',').Append(epochs[i].TryGetValue(c, out double v) ? v.ToString("R", CultureInfo.InvariantCulture) : "");
            }
            sb.Append('\n');
        }
        // Written aside and renamed so a kill never leaves a half-written history.
        string temp = path + ".tmp";
        File.WriteAllText(temp, sb.ToString());
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>The first <paramref name="count"/> rows of an existing file (what a resumed run keeps).</summary>
    public static List<Dictionary<string, double>> Read(string path, int count)
    {
        var rows = new List<Dictionary<string, double>>();
        if (!File.Exists(path) || count == 0)
        {
            return rows;
        }
        string[] lines = File.ReadAllLines(path);
        string[] header = lines[0].Split(',');
        foreach (string line in lines.Skip(1).Take(count))
        {
            string[] fields = line.Split(',');
            var row = new Dictionary<string, double>(StringComparer.Ordinal);
            for (int i = 1; i < header.Length && i < fields.Length; i++)
            {
                if (double.TryParse(fields[i], NumberStyles.Float, CultureInfo.InvariantCulture, out double v))
                {
                    row[header[i]] = v;
                }
            }
            rows.Add(row);
        }
        return rows;
    }
}
