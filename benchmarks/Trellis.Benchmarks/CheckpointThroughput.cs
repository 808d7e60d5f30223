using System.Diagnostics;
using System.Globalization;
using Trellis.Checkpoints.Format;

namespace Trellis.Benchmarks;

/// <summary>
/// Console mode (not BenchmarkDotNet: one run moves 400 MB through the disk): saves and restores 100M float32
/// parameters as a TensorBundle, with fsync, next to a raw sequential write of the same bytes, in the same run.
/// Usage: <c>dotnet run -c Release --project benchmarks/Trellis.Benchmarks -- checkpoint [dir] [repeats]</c>.
/// </summary>
internal static class CheckpointThroughput
{
    private const int Variables = 100;
    private const int ParametersPerVariable = 1_000_000;

    public static void Run(string[] args)
    {
        string dir = args.Length > 1 ? args[1] : Path.Combine(Path.GetTempPath(), "trellis-ckpt-bench");
        int repeats = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 3;
        Directory.CreateDirectory(dir);
        var vars = Enumerable.Range(0, Variables)
            .Select(i => new Variable(Tensor.RandomUniform([ParametersPerVariable], seed: i), name: "v" + i)).ToArray();
        double megabytes = (double)Variables * ParametersPerVariable * 4 / 1e6;
        var raw = new List<double>();
        var save = new List<double>();
        var restore = new List<double>();
        for (int r = 0; r < repeats; r++)
        {
            raw.Add(megabytes / Time(() => RawWrite(Path.Combine(dir, "raw.bin"), vars)));
            save.Add(megabytes / Time(() => Save(Path.Combine(dir, "ckpt"), vars)));
            restore.Add(megabytes / Time(() => Restore(Path.Combine(dir, "ckpt"), vars)));
        }
        Console.WriteLine($"100M float32 parameters ({megabytes:F0} MB), {repeats} runs, median MB/s:");
        Console.WriteLine($"| workload | MB/s | vs raw write |");
        Console.WriteLine($"|---|---|---|");
        Console.WriteLine($"| raw sequential write + fsync | {Median(raw):F0} | 1.00x |");
        Console.WriteLine($"| TensorBundle save + fsync | {Median(save):F0} | {Median(save) / Median(raw):F2}x |");
        Console.WriteLine($"| TensorBundle restore (page cache) into variables | {Median(restore):F0} | {Median(restore) / Median(raw):F2}x |");
        Directory.Delete(dir, recursive: true);
    }

    private static void RawWrite(string path, Variable[] vars)
    {
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        foreach (var v in vars)
        {
            stream.Write(v.BytesView());
        }
        stream.Flush(flushToDisk: true);
    }

    private static void Save(string prefix, Variable[] vars)
    {
        using var writer = new BundleWriter(prefix);
        foreach (var v in vars)
        {
            writer.Add(v.Name + "/.ATTRIBUTES/VARIABLE_VALUE", v);
        }
        writer.Finish();
    }

    private static void Restore(string prefix, Variable[] vars)
    {
        var reader = BundleReader.Open(prefix);
        foreach (var v in vars)
        {
            reader.ReadInto(v.Name + "/.ATTRIBUTES/VARIABLE_VALUE", v.BytesView());
        }
    }

    private static double Time(Action action)
    {
        var sw = Stopwatch.StartNew();
        action();
        return sw.Elapsed.TotalSeconds;
    }

    private static double Median(List<double> xs)
    {
        var s = xs.Order().ToArray();
        return s[s.Length / 2];
    }
}
