using System.Globalization;
using System.Text;

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

    /// <summary><c>BatchNormalization</c> becomes <c>batch_normalization</c>, <c>MyLSTMCell</c> becomes <c>my_lstm_cell</c>.</summary>
    public static string SnakeCase(string typeName)
    {
        int tick = typeName.IndexOf('`', StringComparison.Ordinal);
        if (tick >= 0)
        {
            typeName = typeName[..tick];
        }
        var sb = new StringBuilder(typeName.Length + 4);
        for (int i = 0; i < typeName.Length; i++)
        {
            char c = typeName[i];
            if (char.IsUpper(c))
            {
                bool prevLower = i > 0 && (char.IsLower(typeName[i - 1]) || char.IsDigit(typeName[i - 1]));
                bool nextLower = i + 1 < typeName.Length && char.IsLower(typeName[i + 1]);
                bool prevUpper = i > 0 && char.IsUpper(typeName[i - 1]);
                if (i > 0 && (prevLower || (prevUpper && nextLower)))
                {
                    sb.Append('_');
                }
                sb.Append(char.ToLowerInvariant(c));
            }
            else
            {
                sb.Append(c);
            }
        }
        return sb.ToString();
    }
}
