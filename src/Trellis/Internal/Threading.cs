namespace Trellis;

/// <summary>How many threads Trellis kernels use. Results are bit-identical for every setting.</summary>
public static class Threading
{
    private static int s_maxThreads = Environment.ProcessorCount;

    /// <summary>The most threads one kernel uses (default: the processor count). Set it to share the cores with other work.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is below 1.</exception>
    public static int MaxThreads
    {
        get => s_maxThreads;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            s_maxThreads = value;
        }
    }

    [ThreadStatic]
    private static bool t_inParallelRegion;

    /// <summary>True on a thread already running a chunk of a parallel kernel.</summary>
    internal static bool InParallelRegion
    {
        get => t_inParallelRegion;
        set => t_inParallelRegion = value;
    }
}
