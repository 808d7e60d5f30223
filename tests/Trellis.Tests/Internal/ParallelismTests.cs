using Trellis.Tests.TestSupport;
using Trellis.Internal;
using Trellis.Kernels.Gemm;

namespace Trellis.Tests.Internal;

[Collection(ThreadCountGroup.Name)]
public class ParallelismTests
{
    /// <summary>Marks every index it is given; counts how many times each was visited.</summary>
    private readonly struct MarkBody(int[] visits) : IRangeBody
    {
        public void Run(int start, int end)
        {
            for (int i = start; i < end; i++)
            {
                Interlocked.Increment(ref visits[i]);
            }
        }
    }

    private readonly struct ThrowingBody : IRangeBody
    {
        public void Run(int start, int end)
        {
            if (end == 1000)
            {
                throw new InvalidOperationException("last chunk failed");
            }
        }
    }

    private readonly struct NestedBody(int[] innerChunks) : IRangeBody
    {
        public void Run(int start, int end)
        {
            // A nested loop must run on this thread, in one piece: two levels of threads would oversubscribe the cores.
            int[] counter = innerChunks;
            Parallelism.For(100, 1, (s, e) => Interlocked.Increment(ref counter[0]));
        }
    }

    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(1000, 1, 2)]
    [InlineData(1000, 1, 3)]
    [InlineData(7, 1, 8)]
    [InlineData(1000, 600, 2)]
    [InlineData(100_000, 10, 4)]
    public void For_AnyThreadCount_VisitsEveryIndexOnce(int count, int minChunk, int threads)
    {
        int saved = Threading.MaxThreads;
        try
        {
            Threading.MaxThreads = threads;
            for (int round = 0; round < 50; round++)
            {
                var visits = new int[count];
                var body = new MarkBody(visits);
                Parallelism.For(count, minChunk, ref body);
                Assert.All(visits, v => Assert.Equal(1, v));
            }
        }
        finally
        {
            Threading.MaxThreads = saved;
        }
    }

    [Fact]
    public void For_BodyThrows_ExceptionReachesTheCaller()
    {
        int saved = Threading.MaxThreads;
        try
        {
            Threading.MaxThreads = 2;
            var body = new ThrowingBody();
            var e = Assert.Throws<InvalidOperationException>(() => Parallelism.For(1000, 1, ref body));
            Assert.Equal("last chunk failed", e.Message);
            // The pool is free again afterwards.
            var visits = new int[10];
            var mark = new MarkBody(visits);
            Parallelism.For(10, 1, ref mark);
            Assert.All(visits, v => Assert.Equal(1, v));
        }
        finally
        {
            Threading.MaxThreads = saved;
        }
    }

    [Fact]
    public void For_NestedLoop_RunsSeriallyInsideEachChunk()
    {
        int saved = Threading.MaxThreads;
        try
        {
            Threading.MaxThreads = 2;
            var inner = new int[1];
            var body = new NestedBody(inner);
            Parallelism.For(2, 1, ref body);
            // One inner call per outer chunk, none split: 2 chunks, or 1 when another test's loop held the pool then.
            Assert.InRange(inner[0], 1, 2);
        }
        finally
        {
            Threading.MaxThreads = saved;
        }
    }

    [Fact]
    public void For_ManyCallersAtOnce_EachLoopCompletes()
    {
        int saved = Threading.MaxThreads;
        try
        {
            Threading.MaxThreads = 2;
            var failures = 0;
            Parallel.For(0, 4, _ =>
            {
                for (int round = 0; round < 200; round++)
                {
                    var visits = new int[257];
                    var body = new MarkBody(visits);
                    Parallelism.For(visits.Length, 1, ref body);
                    if (visits.Any(v => v != 1))
                    {
                        Interlocked.Increment(ref failures);
                    }
                }
            });
            Assert.Equal(0, failures);
        }
        finally
        {
            Threading.MaxThreads = saved;
        }
    }

    [Fact]
    public void Sgemm_TwoThreads_AllocatesNothingPerCall()
    {
        int saved = Threading.MaxThreads;
        try
        {
            Threading.MaxThreads = 2;
            const int m = 256, n = 256, k = 256; // enough work for both threads
            var a = new float[m * k];
            var b = new float[k * n];
            var c = new float[m * n];
            a.AsSpan().Fill(1);
            b.AsSpan().Fill(2);
            // Warm-up (JIT, workers, packing buffers), with pauses so that the path that wakes a sleeping worker runs too.
            for (int i = 0; i < 4; i++)
            {
                Gemm.Sgemm(false, false, m, n, k, a, k, b, n, c, n);
                Thread.Sleep(5);
            }
            // Best of three rounds: when a concurrently running test holds the pool, a call runs serially, and the
            // first call of the other path may create its packing buffer once (seen under load: one 256x256 buffer).
            long best = long.MaxValue;
            for (int round = 0; round < 3 && best != 0; round++)
            {
                long before = GC.GetAllocatedBytesForCurrentThread();
                for (int i = 0; i < 20; i++)
                {
                    Gemm.Sgemm(false, false, m, n, k, a, k, b, n, c, n);
                    if (i % 5 == 0)
                    {
                        Thread.Sleep(2); // the worker goes to sleep: the next call wakes it
                    }
                }
                best = Math.Min(best, GC.GetAllocatedBytesForCurrentThread() - before);
            }
            Assert.Equal(0, best);
            Assert.All(c, v => Assert.Equal(2f * k, v));
        }
        finally
        {
            Threading.MaxThreads = saved;
        }
    }
}
