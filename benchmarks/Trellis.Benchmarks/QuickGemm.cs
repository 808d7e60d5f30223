using System.Diagnostics;
using Trellis.Kernels.Gemm;

namespace Trellis.Benchmarks;

/// <summary>
/// A seconds-long Stopwatch check of GEMM speed, for development (<c>-- quick [M N K]</c>). Besides wall-clock
/// GFLOP/s it reports GFLOP per second of process CPU time, which stays meaningful on a machine shared with other
/// jobs (time spent descheduled does not count).
/// </summary>
internal static class QuickGemm
{
    public static void Run(string[] args)
    {
        (int M, int N, int K)[] shapes = args.Length >= 3
            ? [(int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture), int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture), int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture))]
            : [(1024, 1024, 1024), (128, 128, 784)];
        // Blocking overrides for tuning runs: TRELLIS_KC, TRELLIS_MC, TRELLIS_NC; TRELLIS_THREADS picks one thread count.
        GemmTuning.KC = EnvInt("TRELLIS_KC") ?? GemmTuning.KC;
        GemmTuning.MC = EnvInt("TRELLIS_MC") ?? GemmTuning.MC;
        GemmTuning.NC = EnvInt("TRELLIS_NC") ?? GemmTuning.NC;
        int[] threadCounts = EnvInt("TRELLIS_THREADS") is int t ? [t] : [1, 2];
        foreach (int threads in threadCounts)
        {
            Threading.MaxThreads = threads;
            foreach (var (m, n, k) in shapes)
            {
                float[] a = Tensor.RandomUniform([m * k], -1, 1, seed: 1).ToArray<float>();
                float[] b = Tensor.RandomUniform([k * n], -1, 1, seed: 2).ToArray<float>();
                var c = new float[m * n];
                foreach (var (ta, tb) in new[] { (false, false), (true, false), (false, true), (true, true) })
                {
                    int lda = ta ? m : k, ldb = tb ? k : n;
                    void Once() => Gemm.Sgemm(ta, tb, m, n, k, a, lda, b, ldb, c, n);
                    var (wall, cpu) = Measure(Once);
                    double flops = 2.0 * m * n * k;
                    Console.WriteLine($"{m}x{n}x{k} transA={ta,-5} transB={tb,-5} threads={threads}: {wall * 1e3,8:F3} ms  {flops / wall / 1e9,6:F1} GFLOP/s  CPU-time adjusted: {flops / cpu / 1e9 * threads,6:F1} GFLOP/s");
                }
            }
        }
    }

    private static int? EnvInt(string name) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } v ? int.Parse(v, System.Globalization.CultureInfo.InvariantCulture) : null;

    /// <summary>Best of 5 rounds of at least 200 ms: seconds per call by wall clock and by process CPU time.</summary>
    private static (double Wall, double Cpu) Measure(Action once)
    {
        for (int i = 0; i < 3; i++)
        {
            once();
        }
        using var process = Process.GetCurrentProcess();
        double wall = double.MaxValue, cpu = double.MaxValue;
        for (int round = 0; round < 5; round++)
        {
            process.Refresh();
            TimeSpan cpu0 = process.TotalProcessorTime;
            var sw = Stopwatch.StartNew();
            int calls = 0;
            do
            {
                once();
                calls++;
            }
            while (sw.ElapsedMilliseconds < 200);
            process.Refresh();
            wall = Math.Min(wall, sw.Elapsed.TotalSeconds / calls);
            cpu = Math.Min(cpu, (process.TotalProcessorTime - cpu0).TotalSeconds / calls);
        }
        return (wall, cpu);
    }
}
