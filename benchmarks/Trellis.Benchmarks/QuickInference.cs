using System.Diagnostics;
using System.Globalization;
using Trellis.Layers;
using Trellis.Models;

namespace Trellis.Benchmarks;

/// <summary>
/// Stopwatch breakdown of seed-MLP inference at one batch size (784 → 128 relu → 10 softmax): each op of the forward
/// pass alone, then the whole <c>Predict</c>. Reports wall and CPU-time per call, so a loaded machine can still be read.
/// Run: <c>dotnet run -c Release --project benchmarks/Trellis.Benchmarks -- infer [batch] [threads]</c>.
/// </summary>
public static class QuickInference
{
    public static void Run(string[] args)
    {
        int batch = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1024;
        Threading.MaxThreads = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : Environment.ProcessorCount;
        var x = Tensor.RandomUniform([batch, 784], seed: 3);
        var w1 = Tensor.RandomUniform([784, 128], -0.05, 0.05, seed: 1);
        var b1 = Tensor.RandomUniform([128], seed: 2);
        var w2 = Tensor.RandomUniform([128, 10], -0.1, 0.1, seed: 4);
        var b2 = Tensor.RandomUniform([10], seed: 5);
        var h0 = Ops.MatMul(x, w1);
        var h1 = h0 + b1;
        var h = Ops.Relu(h1);
        var z0 = Ops.MatMul(h, w2);
        var z = z0 + b2;
        var model = new Sequential(new Dense(128, "relu", inputShape: [784]), new Dense(10, "softmax"));
        model.Predict(x, batchSize: batch);
        Report("matmul 784x128", () => Ops.MatMul(x, w1));
        Report("add bias 128", () => _ = h0 + b1);
        Report("relu", () => Ops.Relu(h1));
        Report("matmul 128x10", () => Ops.MatMul(h, w2));
        Report("add bias 10", () => _ = z0 + b2);
        Report("softmax 10", () => Ops.Softmax(z));
        Report("Predict", () => model.Predict(x, batchSize: batch));
    }

    internal static void Report(string name, Action once)
    {
        var (wall, cpu) = Measure(once);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-16} wall {wall * 1e6,9:F1} us   cpu {cpu * 1e6,9:F1} us"));
    }

    /// <summary>Median of 15 rounds of at least 30 ms: seconds per call by wall clock and process CPU time.</summary>
    internal static (double Wall, double Cpu) Measure(Action once)
    {
        for (int i = 0; i < 5; i++)
        {
            once();
        }
        using var process = Process.GetCurrentProcess();
        var walls = new List<double>();
        var cpus = new List<double>();
        for (int round = 0; round < 15; round++)
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
            while (sw.ElapsedMilliseconds < 30);
            process.Refresh();
            walls.Add(sw.Elapsed.TotalSeconds / calls);
            cpus.Add((process.TotalProcessorTime - cpu0).TotalSeconds / calls);
        }
        walls.Sort();
        cpus.Sort();
        return (walls[walls.Count / 2], cpus[cpus.Count / 2]);
    }
}
