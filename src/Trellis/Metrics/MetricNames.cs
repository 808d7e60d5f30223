using Trellis.Tracking;

namespace Trellis.Metrics;

/// <summary>
/// Default names of metrics that Keras 3 names automatically (<c>AUC</c>, <c>Precision</c>, <c>Recall</c> take
/// <c>name=None</c> and get <c>auc</c>, <c>auc_1</c>... from a process-wide counter, like layers).
/// </summary>
internal static class MetricNames
{
    private static readonly NameCounter s_names = new();

    public static string Unique(string baseName) => s_names.Unique(baseName);
}
