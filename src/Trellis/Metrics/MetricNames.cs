using System.Globalization;

namespace Trellis.Metrics;

/// <summary>
/// Default names of metrics that Keras 3 names automatically (<c>AUC</c>, <c>Precision</c>, <c>Recall</c> take
/// <c>name=None</c> and get <c>auc</c>, <c>auc_1</c>... from a process-wide counter, like layers).
/// </summary>
internal static class MetricNames
{
    private static readonly Dictionary<string, int> s_counts = [];
    private static readonly Lock s_lock = new();

    public static string Unique(string baseName)
    {
        lock (s_lock)
        {
            s_counts.TryGetValue(baseName, out int n);
            s_counts[baseName] = n + 1;
            return n == 0 ? baseName : baseName + "_" + n.ToString(CultureInfo.InvariantCulture);
        }
    }
}
