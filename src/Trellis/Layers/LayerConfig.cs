using Trellis.Regularizers;

namespace Trellis.Layers;

/// <summary>Shared pieces of Keras 3 layer configs.</summary>
internal static class LayerConfig
{
    public static Dictionary<string, object?>? Serialize(IRegularizer? regularizer) => regularizer is null ? null : new()
    {
        ["module"] = "keras.regularizers",
        ["class_name"] = regularizer.ClassName,
        ["config"] = regularizer.GetConfig(),
        ["registered_name"] = null,
    };

    public static List<object?> ShapeList(Shape shape)
    {
        var list = new List<object?>(shape.Rank);
        foreach (int d in shape)
        {
            list.Add(d == Shape.Unknown ? null : d);
        }
        return list;
    }
}
