using Trellis.Layers;

namespace Trellis.Saving;

internal static partial class SerializableRegistry
{
    private static Dictionary<string, object?>? TrySerializeModel(Layer layer) => null;
}
