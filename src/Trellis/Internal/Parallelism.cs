namespace Trellis.Internal;

/// <summary>Static-partition parallel loops: each chunk's work is fixed by its index, never by timing, so results do not depend on the thread count.</summary>
internal static class Parallelism
{
    /// <summary>
    /// True when <see cref="For"/> would run the whole range on the calling thread: callers then call their body
    /// directly and skip allocating a closure (a planned graph call must allocate nothing).
    /// </summary>
    public static bool RunsSerially(int count, int minChunk) =>
        Threading.InParallelRegion || Math.Min(Threading.MaxThreads, Math.Max(1, count / Math.Max(1, minChunk))) <= 1;

    /// <summary>Runs body(start, end) over [0, count) in at most <see cref="Threading.MaxThreads"/> contiguous chunks of at least <paramref name="minChunk"/> items.</summary>
    public static void For(int count, int minChunk, Action<int, int> body)
    {
        if (RunsSerially(count, minChunk))
        {
            body(0, count);
            return;
        }
        int threads = Math.Min(Threading.MaxThreads, Math.Max(1, count / Math.Max(1, minChunk)));
        if (threads <= 1 || Threading.InParallelRegion)
        {
            body(0, count);
            return;
        }
        System.Threading.Tasks.Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, t =>
        {
            int start = (int)((long)count * t / threads);
            int end = (int)((long)count * (t + 1) / threads);
            bool outer = Threading.InParallelRegion;
            Threading.InParallelRegion = true; // NOTE: nested loops run serially; two levels of threads would oversubscribe 2 cores.
            try
            {
                body(start, end);
            }
            finally
            {
                Threading.InParallelRegion = outer;
            }
        });
    }
}
