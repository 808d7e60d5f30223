using Microsoft.Extensions.Logging;

namespace Trellis.Graph;

/// <summary>
/// Watches a traced function's calls and reports excessive retracing once: after 5 traces within the last 10 calls,
/// naming which argument changed between the last two traces and how (TensorFlow only says that it retraced).
/// </summary>
internal sealed class RetraceMonitor(RetracePolicy policy, string functionName)
{
    private const int Window = 10;
    private const int Threshold = 5;
    private readonly Queue<bool> _recent = new();
    private string[]? _previousKey;
    private bool _reported;

    /// <summary>Notes a call that found its trace (allocates nothing).</summary>
    public void OnCachedCall()
    {
        _recent.Enqueue(false);
        if (_recent.Count > Window)
        {
            _recent.Dequeue();
        }
    }

    /// <summary>Notes one call; <paramref name="argumentKeys"/> describe the arguments, <paramref name="traced"/> whether it traced.</summary>
    public void OnCall(string[] argumentKeys, bool traced)
    {
        _recent.Enqueue(traced);
        if (_recent.Count > Window)
        {
            _recent.Dequeue();
        }
        string[]? previous = _previousKey;
        if (traced)
        {
            _previousKey = argumentKeys;
        }
        if (!traced || _reported || policy == RetracePolicy.Ignore || _recent.Count(t => t) < Threshold)
        {
            return;
        }
        _reported = true;
        string message = $"Function '{functionName}' was traced {_recent.Count(t => t)} times in its last {_recent.Count} calls; " +
            $"tracing is expensive. {Describe(previous, argumentKeys)} " +
            "Pass an inputSignature with unknown dimensions (Shape.Unknown) for varying sizes, or pass changing numbers as tensors rather than C# values.";
        if (policy == RetracePolicy.Throw)
        {
            throw new InvalidOperationException(message);
        }
#pragma warning disable CA1848, CA2254 // one rare warning: a compiled LoggerMessage delegate buys nothing here
        Function.Logger.LogWarning(message);
#pragma warning restore CA1848, CA2254
    }

    private static string Describe(string[]? previous, string[] current)
    {
        if (previous is null || previous.Length != current.Length)
        {
            return $"The number of arguments changed to {current.Length}.";
        }
        var changes = new List<string>();
        for (int i = 0; i < current.Length; i++)
        {
            if (previous[i] != current[i])
            {
                changes.Add($"argument {i} changed from {previous[i]} to {current[i]}");
            }
        }
        return changes.Count == 0 ? "" : "The last retrace happened because " + string.Join("; ", changes) + ".";
    }
}
