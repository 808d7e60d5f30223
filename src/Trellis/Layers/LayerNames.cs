using System.Globalization;
using System.Text.RegularExpressions;

namespace Trellis.Layers;

/// <summary>Default layer names: snake_case class names made unique with a counter (<c>dense</c>, <c>dense_1</c>).</summary>
internal static class LayerNames
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

    /// <summary>Keras's <c>to_snake_case</c>: <c>BatchNormalization</c> -> <c>batch_normalization</c>, <c>Conv2D</c> -> <c>conv2d</c>.</summary>
    public static string SnakeCase(string typeName)
    {
        int tick = typeName.IndexOf('`', StringComparison.Ordinal);
        if (tick >= 0)
        {
            typeName = typeName[..tick];
        }
        string s = Regex.Replace(typeName, "(.)([A-Z][a-z]+)", "$1_$2");
        return Regex.Replace(s, "([a-z])([A-Z])", "$1_$2").ToLowerInvariant();
    }
}
