using System.Globalization;

namespace Trellis.Peers;

/// <summary>The workload names (shared with torch_peer.py) and their dispatch.</summary>
internal static class Workloads
{
    public static readonly string[] Names =
    [
        "fma-peak", "sgemm-1024x1024x1024", "sgemm-512x512x512", "sgemm-128x784x128", "sgemm-32x784x128", "sgemm-32x128x10",
        "sgemm-scoped-1024x1024x1024", "sgemm-scoped-512x512x512",
        "mlp-train-32", "mlp-train-128", "mlp-train-eager-32", "mlp-train-eager-128", "mlp-infer-1024", "checkpoint", "conv2d",
    ];

    /// <summary>Runs a workload; each timed result is followed by <c>name@cpu</c>, the same work per process CPU-second.</summary>
    public static IEnumerable<(string Name, double Value, string Unit)> Run(string workload, PeerOptions options)
    {
        var results = RunCore(workload, options).ToList();
        if (workload is not ("fma-peak" or "checkpoint") && results.Count == 1 && Timing.LastCpu > 0)
        {
            var (name, value, unit) = results[0];
            results.Add((name + "@cpu", value * Timing.LastWall / Timing.LastCpu, unit));
        }
        return results;
    }

    private static IEnumerable<(string Name, double Value, string Unit)> RunCore(string workload, PeerOptions options)
    {
        if (workload == "fma-peak")
        {
            var (wall, cpu) = FmaPeak.GflopsPerSecond(options.Threads, options.Seconds);
            return [(workload, wall, "GFLOP/s"), ("fma-peak-cpu", cpu, "GFLOP/s")];
        }
        if (workload.StartsWith("sgemm-", StringComparison.Ordinal))
        {
            // sgemm-MxKxN: C(M, N) = A(M, K) · B(K, N); sgemm-scoped-MxKxN runs each call in a TensorScope (pooled output).
            bool scoped = workload.StartsWith("sgemm-scoped-", StringComparison.Ordinal);
            string dims = workload[(scoped ? "sgemm-scoped-" : "sgemm-").Length..];
            int[] d = [.. dims.Split('x').Select(s => int.Parse(s, CultureInfo.InvariantCulture))];
            return [(workload, GemmWorkload.GflopsPerSecond(d[0], d[1], d[2], options.Seconds, scoped), "GFLOP/s")];
        }
        return workload switch
        {
            "mlp-train-32" => [(workload, MlpWorkload.TrainSamplesPerSecond(32, options.Samples), "samples/s")],
            "mlp-train-128" => [(workload, MlpWorkload.TrainSamplesPerSecond(128, options.Samples), "samples/s")],
            "mlp-train-eager-32" => [(workload, MlpWorkload.TrainSamplesPerSecond(32, options.Samples, runEagerly: true), "samples/s")],
            "mlp-train-eager-128" => [(workload, MlpWorkload.TrainSamplesPerSecond(128, options.Samples, runEagerly: true), "samples/s")],
            "mlp-infer-1024" => [(workload, MlpWorkload.InferSamplesPerSecond(1024, options.Seconds), "samples/s")],
            "checkpoint" => CheckpointWorkload.Run(options.Directory, options.DiskRest),
            "conv2d" => [(workload, ConvWorkload.SamplesPerSecond(options.Seconds), "samples/s")],
            _ => throw new ArgumentException($"Unknown workload '{workload}'; expected one of: {string.Join(", ", Names)}."),
        };
    }
}
