namespace Trellis.Internal;

/// <summary>Static-partition parallel loops: each chunk's work is fixed by its index, never by timing, so results do not depend on the thread count.</summary>
internal static class Parallelism
{
    /// <summary>
    /// True when <see cref="For{TBody}"/> would run the whole range on the calling thread: callers may then call their
    /// body directly.
    /// </summary>
    public static bool RunsSerially(int count, int minChunk) =>
        Threading.InParallelRegion || Chunks(count, minChunk) <= 1 || WorkerPool.Participants <= 1;

    /// <summary>
    /// Runs body.Run(start, end) over [0, count) in at most <see cref="Threading.MaxThreads"/> contiguous chunks of at
    /// least <paramref name="minChunk"/> items, on the persistent worker pool; allocates nothing.
    /// </summary>
    public static void For<TBody>(int count, int minChunk, ref TBody body)
        where TBody : struct, IRangeBody
    {
        if (RunsSerially(count, minChunk))
        {
            body.Run(0, count);
            return;
        }
        TBody local = body; // on this frame's stack, which the workers read by pointer until TryRun returns
        if (!WorkerPool.TryRun(count, Chunks(count, minChunk), ref local))
        {
            // NOTE: another thread's loop holds the pool; running this one serially keeps the cores from being oversubscribed.
            local.Run(0, count);
        }
        body = local;
    }

    /// <summary>Runs body(start, end) over [0, count) as <see cref="For{TBody}"/> does (allocates the caller's closure only).</summary>
    public static void For(int count, int minChunk, Action<int, int> body)
    {
        var wrapper = new ActionBody(body);
        For(count, minChunk, ref wrapper);
    }

    private static int Chunks(int count, int minChunk) =>
        Math.Min(Math.Min(Threading.MaxThreads, WorkerPool.MaxChunks), Math.Max(1, count / Math.Max(1, minChunk)));

    private readonly struct ActionBody(Action<int, int> body) : IRangeBody
    {
        public void Run(int start, int end) => body(start, end);
    }
}
