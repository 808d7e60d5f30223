using BenchmarkDotNet.Running;

namespace Trellis.Benchmarks;

/// <summary>Entry point: <c>dotnet run -c Release --project benchmarks/Trellis.Benchmarks -- --filter '*' --job short</c>, or <c>-- checkpoint</c> for the checkpoint throughput run.</summary>
public static class Program
{
    public static void Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "checkpoint")
        {
            CheckpointThroughput.Run(args);
            return;
        }
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
