using System.Text.RegularExpressions;
using Trellis.Tracking;

namespace Trellis.Layers;

/// <summary>Default layer names: snake_case class names made unique with a counter (<c>dense</c>, <c>dense_1</c>).</summary>
internal static class LayerNames
{
    private static readonly NameCounter s_names = new();

    public static string Unique(string baseName) => s_names.Unique(baseName);

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
