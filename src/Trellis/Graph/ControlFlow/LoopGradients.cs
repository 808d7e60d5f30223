using System.Runtime.CompilerServices;

namespace Trellis.Graph.ControlFlow;

/// <summary>
/// Collects, during one backward pass of a tape inside a trace, the upstream gradient of each differentiated loop
/// result, keyed by the loop's symbolic token. The tape visits every <see cref="LoopResultOp"/> of a loop before the
/// loop op itself (they were recorded after it), so the loop's rule finds all of them here and builds one backward loop.
/// </summary>
internal static class LoopGradients
{
    private static readonly ConditionalWeakTable<Tensor, Dictionary<int, Tensor>> Pending = new();

    /// <summary>Notes dL/d(result <paramref name="index"/>) for the loop that produced <paramref name="token"/>.</summary>
    public static void Add(Tensor token, int index, Tensor upstream)
    {
        var slots = Pending.GetValue(token, _ => []);
        lock (slots)
        {
            slots[index] = slots.TryGetValue(index, out var existing) ? Ops.Add(existing, upstream) : upstream;
        }
    }

    /// <summary>The upstream gradients noted for <paramref name="token"/> (null where none), and forgets them.</summary>
    public static Tensor?[] Take(Tensor token, int count)
    {
        var result = new Tensor?[count];
        if (Pending.TryGetValue(token, out var slots))
        {
            Pending.Remove(token);
            foreach (var (index, upstream) in slots)
            {
                result[index] = upstream;
            }
        }
        return result;
    }
}
