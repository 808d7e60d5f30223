using System.Globalization;

namespace Trellis.Tracking;

/// <summary>Keras's default-name counter: the first <c>dense</c> is <c>dense</c>, the next <c>dense_1</c>, and so on (thread-safe).</summary>
internal sealed class NameCounter
{
    private readonly Dictionary<string, int> _counts = [];
    private readonly Lock _lock = new();

    public string Unique(string baseName)
    {
        lock (_lock)
        {
            _counts.TryGetValue(baseName, out int n);
            _counts[baseName] = n + 1;
            return n == 0 ? baseName : baseName + "_" + n.ToString(CultureInfo.InvariantCulture);
        }
    }
}
