using System.Globalization;

namespace Trellis.Peers;

/// <summary>Command-line options shared by all workloads.</summary>
internal sealed record PeerOptions(int Threads, int Samples, string Directory, double Seconds, double DiskRest)
{
    public static PeerOptions Parse(string[] args)
    {
        int threads = 2, samples = 60_000;
        double seconds = 1.0, diskRest = 15.0;
        string dir = Path.Combine(Path.GetTempPath(), "trellis-peers");
        for (int i = 0; i < args.Length; i++)
        {
            string value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"Option {args[i]} expects a value.");
            switch (args[i])
            {
                case "--threads": threads = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--samples": samples = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--dir": dir = value; break;
                case "--seconds": seconds = double.Parse(value, CultureInfo.InvariantCulture); break;
                case "--disk-rest": diskRest = double.Parse(value, CultureInfo.InvariantCulture); break;
                default: throw new ArgumentException($"Unknown option '{args[i]}'; expected --threads, --samples, --dir, --seconds or --disk-rest.");
            }
            i++;
        }
        return new PeerOptions(threads, samples, dir, seconds, diskRest);
    }
}
