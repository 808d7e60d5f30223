using System.Reflection;
using Trellis.Layers;
using Trellis.Metrics;
using Trellis.Models;
using Trellis.Tracking;

namespace Trellis.Saving;

/// <summary>
/// The training state a model archive keeps beside the model's own object graph (checkpoint child <c>saving</c>): the
/// compiled metrics' variables (<c>saving/metrics/N/...</c>).
/// </summary>
/// <remarks>
/// Archives of format 1 also kept each Dropout layer's random stream here, as (seed, position) int64 pairs
/// (<c>saving/rng/dropout-N</c>). Dropout now tracks it itself (its <see cref="SeedGenerator"/> state, saved with the
/// model), so those entries are only read, when loading an older archive.
/// </remarks>
internal sealed class SavedTrainingState : Trackable
{
    // A position no stream reaches: a legacy entry still holding it was not in the archive.
    private const long NotRestored = -1;

    [TrackAs("metrics")]
    private readonly List<Metric> _metrics;

    [TrackAs("rng")]
    private readonly Dictionary<string, Variable> _legacyRng = new(StringComparer.Ordinal);

    [NotTracked]
    private readonly List<(Dropout Layer, Variable State)> _dropouts = [];

    public SavedTrainingState(Model model, bool forLoading)
    {
        _metrics = [.. model.SavedMetrics];
        if (!forLoading)
        {
            return;
        }
        int i = 0;
        foreach (var layer in model.SelfAndDescendants())
        {
            if (layer is Dropout dropout)
            {
                var state = new Variable(Tensor.Constant(new[] { 0L, NotRestored }, [2]), $"dropout-{i}", trainable: false);
                _legacyRng[$"dropout-{i++}"] = state;
                _dropouts.Add((dropout, state));
            }
        }
    }

    /// <summary>True for a random-stream variable that one archive format has and the other lacks: a generator's state
    /// (only in newer archives) or a <c>saving/rng</c> entry (only in format 1).</summary>
    public static bool IsLegacyRandomState(string path) =>
        path.EndsWith("seed_generator/state", StringComparison.Ordinal) || path.Contains("rng/dropout-", StringComparison.Ordinal);

    /// <summary>Copies the streams restored from a format-1 archive into the Dropout layers' generators.</summary>
    public void ApplyLegacyRandomState()
    {
        foreach (var (dropout, state) in _dropouts)
        {
            if (state.ReadSpan<long>()[1] != NotRestored)
            {
                dropout.SeedGenerator.State.Assign(state);
            }
        }
    }
}
