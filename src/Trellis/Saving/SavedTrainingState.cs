using System.Reflection;
using Trellis.Layers;
using Trellis.Metrics;
using Trellis.Models;
using Trellis.Tracking;

namespace Trellis.Saving;

/// <summary>
/// The training state a model archive keeps beside the model's own object graph (checkpoint child <c>saving</c>):
/// the compiled metrics' variables (<c>saving/metrics/N/...</c>) and each Dropout layer's random stream, as
/// (seed, position) int64 pairs (<c>saving/rng/dropout-N</c>), so training resumes with the same masks.
/// </summary>
internal sealed class SavedTrainingState : Trackable
{
    // NOTE: Dropout keeps its generator in private fields. Until it tracks them itself (as Keras 3's SeedGenerator
    // state variable), the archive reads and writes them here; a rename in Dropout makes Supported false and the
    // exact-resume test fails loudly.
    private static readonly FieldInfo? s_dropoutSeed = typeof(Dropout).GetField("_seed", BindingFlags.Instance | BindingFlags.NonPublic);
    private static readonly FieldInfo? s_dropoutOffset = typeof(Dropout).GetField("_offset", BindingFlags.Instance | BindingFlags.NonPublic);

    [TrackAs("metrics")]
    private readonly List<Metric> _metrics;

    [TrackAs("rng")]
    private readonly Dictionary<string, Variable> _rng = new(StringComparer.Ordinal);

    [NotTracked]
    private readonly List<(Dropout Layer, Variable State)> _dropouts = [];

    public SavedTrainingState(Model model)
    {
        _metrics = [.. model.SavedMetrics];
        if (!Supported)
        {
            return;
        }
        int i = 0;
        foreach (var layer in model.SelfAndDescendants())
        {
            if (layer is Dropout dropout)
            {
                long seed = (long)s_dropoutSeed!.GetValue(dropout)!;
                ulong offset = (ulong)s_dropoutOffset!.GetValue(dropout)!;
                var state = new Variable(Tensor.Constant(new[] { seed, unchecked((long)offset) }, [2]), $"dropout-{i}", trainable: false);
                _rng[$"dropout-{i++}"] = state;
                _dropouts.Add((dropout, state));
            }
        }
    }

    /// <summary>Whether Dropout's generator fields were found.</summary>
    public static bool Supported => s_dropoutSeed?.FieldType == typeof(long) && s_dropoutOffset?.FieldType == typeof(ulong);

    /// <summary>Copies the restored generator states into the Dropout layers.</summary>
    public void ApplyRandomState()
    {
        foreach (var (dropout, state) in _dropouts)
        {
            long[] values = state.Value().Span<long>().ToArray();
            s_dropoutSeed!.SetValue(dropout, values[0]);
            s_dropoutOffset!.SetValue(dropout, unchecked((ulong)values[1]));
        }
    }
}
