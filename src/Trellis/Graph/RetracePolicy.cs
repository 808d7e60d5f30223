namespace Trellis;

/// <summary>What a <see cref="TracedFunction"/> does when it retraces often (5 traces within 10 calls).</summary>
public enum RetracePolicy
{
    /// <summary>Log one warning through <see cref="Function.Logger"/> naming the argument that changed (the default).</summary>
    Warn,
    /// <summary>Throw an <see cref="InvalidOperationException"/> with the same message (for tests).</summary>
    Throw,
    /// <summary>Say nothing.</summary>
    Ignore,
}
