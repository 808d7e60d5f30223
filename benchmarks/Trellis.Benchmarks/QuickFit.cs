using System.Diagnostics;
using System.Globalization;
using Trellis.Layers;
using Trellis.Models;

namespace Trellis.Benchmarks;

/// <summary>
/// Where a seed-MLP <c>Fit</c> epoch spends its time: the whole Fit (verbose 0, shuffled) against the bare traced train
/// step on one fixed batch, eager against traced.
/// Run: <c>dotnet run -c Release --project benchmarks/Trellis.Benchmarks -- fit [batch] [samples]</c>.
/// </summary>
public static class QuickFit
{
    public static void Run(string[] args)
    {
        int batch = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 32;
        int samples = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 20000;
        var x = Tensor.RandomUniform([samples, 784], seed: 3);
        var y = Ops.OneHot(Tensor.Constant(Enumerable.Range(0, samples).Select(i => (i * 7) % 10).ToArray(), [samples]), 10);
        for (int round = 1; round <= 2; round++)
        {
            Console.WriteLine($"round {round}: batch {batch}, {samples} samples, MaxThreads {Threading.MaxThreads}");
            foreach (bool eager in new[] { false, true })
            {
                var model = new Sequential(new Dense(128, "relu", inputShape: [784]), new Dense(10, "softmax"));
                model.Compile("adam", "categorical_crossentropy", runEagerly: eager);
                model.Fit(Ops.Slice(x, [0, 0], [batch * 20, 784]), Ops.Slice(y, [0, 0], [batch * 20, 10]), batchSize: batch, verbose: 0, seed: 1);
                long bytes = GC.GetAllocatedBytesForCurrentThread();
                var watch = Stopwatch.StartNew();
                model.Fit(x, y, batchSize: batch, epochs: 1, verbose: 0, seed: 2);
                watch.Stop();
                long steps = (samples + batch - 1) / batch;
                Report(eager ? "Fit, runEagerly" : "Fit, traced", samples / watch.Elapsed.TotalSeconds, (GC.GetAllocatedBytesForCurrentThread() - bytes) / steps);
                if (!eager)
                {
                    var step = model.TrainFunction!.Functions.First();
                    var xb = Ops.Slice(x, [0, 0], [batch, 784]);
                    var yb = Ops.Slice(y, [0, 0], [batch, 10]);
                    bytes = GC.GetAllocatedBytesForCurrentThread();
                    watch.Restart();
                    for (int i = 0; i < steps; i++)
                    {
                        step.InvokeBorrowed(xb, yb);
                    }
                    watch.Stop();
                    Report("train step alone (InvokeBorrowed)", steps * batch / watch.Elapsed.TotalSeconds, (GC.GetAllocatedBytesForCurrentThread() - bytes) / steps);
                }
            }
        }
    }

    private static void Report(string name, double samplesPerSecond, long bytesPerStep) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {name,-36} {samplesPerSecond,10:F0} samples/s {bytesPerStep,9} B/step"));
}
