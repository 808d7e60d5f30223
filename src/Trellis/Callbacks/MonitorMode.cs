namespace Trellis.Callbacks;

/// <summary>Shared "is this value better" logic of the monitoring callbacks.</summary>
internal static class MonitorMode
{
    public static bool Maximize(string mode, string monitor) => mode switch
    {
        "min" => false,
        "max" => true,
        "auto" => monitor.Contains("acc", StringComparison.Ordinal) || monitor.Contains("auc", StringComparison.Ordinal),
        _ => throw new ArgumentException($"Expected mode 'auto', 'min' or 'max', but received '{mode}'.", nameof(mode)),
    };

    public static double Read(IReadOnlyDictionary<string, double> logs, string monitor, string callback)
        => logs.TryGetValue(monitor, out double v) ? v
            : throw new KeyNotFoundException($"{callback} monitors '{monitor}', which is not logged. Logged values: {string.Join(", ", logs.Keys)}. Pass validation data to log val_ values.");
}
