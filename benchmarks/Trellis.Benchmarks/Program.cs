using BenchmarkDotNet.Running;

namespace Trellis.Benchmarks;

/// <summary>
/// Entry point: <c>dotnet run -c Release --project benchmarks/Trellis.Benchmarks -- --filter '*' --job short</c> runs
/// BenchmarkDotNet; <c>-- quick [M N K]</c> runs a seconds-long Stopwatch check of the GEMM kernel;
/// <c>-- step [batch] [seconds]</c> times a seed-MLP training step eager and traced; <c>-- fit [batch] [samples]</c>
/// times a Fit epoch against its bare traced step; <c>-- infer [batch] [threads]</c> breaks seed-MLP inference down
/// by op.
/// </summary>
public static class Program
{
    public static void Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "quick")
        {
            QuickGemm.Run(args[1..]);
            return;
        }
        if (args.Length > 0 && args[0] == "infer")
        {
            QuickInference.Run(args[1..]);
            return;
        }
        if (args.Length > 0 && args[0] == "step")
        {
            QuickTrainingStep.Run(args[1..]);
            return;
        }
        if (args.Length > 0 && args[0] == "fit")
        {
            QuickFit.Run(args[1..]);
            return;
        }
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
