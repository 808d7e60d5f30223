using System.Runtime.CompilerServices;

namespace Trellis.Internal;

/// <summary>
/// Persistent worker threads (one fewer than the processors) that run the chunks of one parallel loop at a time with
/// the calling thread. Nothing is allocated per loop: the body stays on the caller's stack and the workers reach it by
/// pointer, which is valid because the caller waits until every chunk has run.
/// </summary>
/// <remarks>
/// Chunks are claimed from a shared ticket (epoch, chunk count, next chunk) by whoever is free first: a worker that
/// the scheduler has not woken yet costs no waiting, the caller simply runs that chunk too. What a chunk computes is
/// fixed by its index alone, so who runs it never changes results. Idle workers spin briefly (consecutive kernels of a
/// training step follow each other within microseconds), then sleep on a monitor. Only one loop uses the pool at a
/// time; a second thread that finds it busy runs its loop serially, so the pool never puts more threads on the cores
/// than there are processors.
/// </remarks>
internal static unsafe class WorkerPool
{
    private static readonly object s_gate = new();
    // PERF (seed-MLP Predict at batch 1024, 2 threads, 2026-11-22, medians of 10 alternating rounds in one process):
    // 580 µs per call with 50 µs of spinning, 568 with 100, 559 with 300, 572 with 1000: a worker asleep when the next
    // loop starts costs a wake-up (a futex and, under a hypervisor, an IPI) that the caller then waits for.
    private static readonly long s_spinTicks = (long)(System.Diagnostics.Stopwatch.Frequency * 300e-6); // 300 µs
    private static int s_workers = -1; // -1: not started
    private static int s_busy;
    private static int s_sleepers;

    // The current loop. Written by the owner before the ticket is published, read by workers after a claim.
    private static long s_ticket; // epoch << 32 | chunks << 16 | next chunk
    private static int s_remaining; // chunks not yet finished
    private static int s_count;
    private static void* s_body;
    private static delegate*<void*, int, int, void> s_invoke;
    private static Exception? s_error;

    /// <summary>The most chunks one loop may have (the ticket holds the count in 16 bits).</summary>
    public const int MaxChunks = 1 << 15;

    /// <summary>Threads that can work on one loop: the workers plus the caller.</summary>
    public static int Participants => Environment.ProcessorCount;

    /// <summary>
    /// Runs <paramref name="body"/> over [0, count) in <paramref name="chunks"/> contiguous chunks, chunk c being
    /// [count·c/chunks, count·(c+1)/chunks). Returns false, having run nothing, when the pool is in use by another thread.
    /// </summary>
    public static bool TryRun<TBody>(int count, int chunks, ref TBody body)
        where TBody : struct, IRangeBody
    {
        if (Interlocked.CompareExchange(ref s_busy, 1, 0) != 0)
        {
            return false;
        }
        try
        {
            EnsureStarted();
            s_count = count;
            s_body = Unsafe.AsPointer(ref body); // the caller's stack: it cannot move while this call waits below
            s_invoke = &Invoke<TBody>;
            s_error = null;
            Volatile.Write(ref s_remaining, chunks);
            int epoch = (int)(Volatile.Read(ref s_ticket) >> 32) + 1;
            Interlocked.Exchange(ref s_ticket, ((long)epoch << 32) | ((long)chunks << 16)); // publishes the fields above
            if (Volatile.Read(ref s_sleepers) > 0)
            {
                lock (s_gate)
                {
                    Monitor.PulseAll(s_gate);
                }
            }
            bool outer = Threading.InParallelRegion;
            Threading.InParallelRegion = true;
            try
            {
                RunChunks(epoch);
            }
            finally
            {
                Threading.InParallelRegion = outer;
            }
            var spinner = default(SpinWait);
            while (Volatile.Read(ref s_remaining) != 0)
            {
                spinner.SpinOnce(sleep1Threshold: -1); // a worker is finishing its chunk: microseconds, never a 1 ms sleep
            }
            s_body = null;
            if (s_error is { } error)
            {
                s_error = null;
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(error).Throw();
            }
            return true;
        }
        finally
        {
            Volatile.Write(ref s_busy, 0);
        }
    }

    private static void Invoke<TBody>(void* body, int start, int end)
        where TBody : struct, IRangeBody => Unsafe.AsRef<TBody>(body).Run(start, end);

    /// <summary>Claims and runs chunks of loop <paramref name="epoch"/> until none is left.</summary>
    private static void RunChunks(int epoch)
    {
        while (true)
        {
            long ticket = Volatile.Read(ref s_ticket);
            int chunks = (int)((ticket >> 16) & 0xFFFF), next = (int)(ticket & 0xFFFF);
            if ((int)(ticket >> 32) != epoch || next >= chunks)
            {
                return;
            }
            if (Interlocked.CompareExchange(ref s_ticket, ticket + 1, ticket) != ticket)
            {
                continue;
            }
            // A valid claim keeps the loop alive (s_remaining > 0) until the decrement below, so the fields are this loop's.
            int count = s_count;
            int start = (int)((long)count * next / chunks), end = (int)((long)count * (next + 1) / chunks);
            try
            {
                s_invoke(s_body, start, end);
            }
            catch (Exception e)
            {
                Interlocked.CompareExchange(ref s_error, e, null);
            }
            Interlocked.Decrement(ref s_remaining);
        }
    }

    private static void EnsureStarted()
    {
        if (s_workers >= 0)
        {
            return;
        }
        s_workers = Math.Max(0, Environment.ProcessorCount - 1);
        for (int i = 0; i < s_workers; i++)
        {
            var thread = new Thread(WorkerLoop) { IsBackground = true, Name = "Trellis worker " + (i + 1) };
            thread.Start();
        }
    }

    private static void WorkerLoop()
    {
        Threading.InParallelRegion = true; // a kernel running here never starts a nested loop of its own
        int seen = (int)(Volatile.Read(ref s_ticket) >> 32);
        while (true)
        {
            seen = WaitForEpochAfter(seen);
            RunChunks(seen);
        }
    }

    /// <summary>Spins, then sleeps, until a loop newer than <paramref name="seen"/> is published; returns its epoch.</summary>
    private static int WaitForEpochAfter(int seen)
    {
        long deadline = System.Diagnostics.Stopwatch.GetTimestamp() + s_spinTicks;
        while (true)
        {
            int epoch = (int)(Volatile.Read(ref s_ticket) >> 32);
            if (epoch != seen)
            {
                return epoch;
            }
            if (System.Diagnostics.Stopwatch.GetTimestamp() < deadline)
            {
                Thread.SpinWait(20);
                continue;
            }
            lock (s_gate)
            {
                // Dekker with the owner: it bumps the epoch then reads s_sleepers; this counts itself then reads the epoch.
                Interlocked.Increment(ref s_sleepers);
                while ((int)(Volatile.Read(ref s_ticket) >> 32) == seen)
                {
                    Monitor.Wait(s_gate);
                }
                Interlocked.Decrement(ref s_sleepers);
            }
        }
    }
}
