using System.Globalization;

namespace Trellis.Peers;

/// <summary>
/// One workload per process, so every run starts cold and the script can alternate Trellis and PyTorch runs:
/// <c>dotnet Trellis.Peers.dll &lt;workload&gt; [--threads N] [--samples N] [--dir PATH]</c>. Prints one or more lines
/// <c>RESULT name value unit</c> (and nothing else on stdout); benchmarks/peers/torch_peer.py prints the same lines.
/// </summary>
internal static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length == 0)
        {
            Console.Error.WriteLine("usage: Trellis.Peers <workload> [--threads N] [--samples N] [--dir PATH]");
            Console.Error.WriteLine("workloads: " + string.Join(", ", Workloads.Names));
            return 2;
        }
        var options = PeerOptions.Parse(args[1..]);
        Threading.MaxThreads = options.Threads;
        foreach (var (name, value, unit) in Workloads.Run(args[0], options))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"RESULT {name} {value:G6} {unit}"));
        }
        return 0;
    }
}
