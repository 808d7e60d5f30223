using System.Diagnostics;

namespace Trellis.Peers;

/// <summary>Stopwatch helpers mirrored by torch_peer.py (same chunking, same median).</summary>
internal static class Timing
{
    /// <summary>
    /// Process CPU seconds per call of the last measurement, and its wall seconds per call as returned: a rate times
    /// <c>LastWall / LastCpu</c> is the work per CPU-second, which a loaded machine distorts far less than wall time.
    /// </summary>
    public static double LastCpu { get; private set; }

    /// <summary>The wall time per call the last measurement returned.</summary>
    public static double LastWall { get; private set; }

    private static TimeSpan ProcessCpu()
    {
        using var p = Process.GetCurrentProcess();
        return p.TotalProcessorTime;
    }

    public static double Seconds(Action action)
    {
        var cpu0 = ProcessCpu();
        var sw = Stopwatch.StartNew();
        action();
        LastWall = sw.Elapsed.TotalSeconds;
        LastCpu = (ProcessCpu() - cpu0).TotalSeconds;
        return LastWall;
    }

    /// <summary>
    /// Calls <paramref name="action"/> in chunks of enough calls to last at least 20 ms, for about
    /// <paramref name="budget"/> seconds after a warm-up, and returns the median time of one call.
    /// The median of chunks, not the mean, because the machine is shared and a chunk may be descheduled.
    /// </summary>
    public static double MedianCallSeconds(Action action, double budget)
    {
        var warm = Stopwatch.StartNew();
        int calls = 0;
        while (calls < 3 || warm.Elapsed.TotalSeconds < 0.2)
        {
            action();
            calls++;
        }
        double perCall = warm.Elapsed.TotalSeconds / calls;
        int chunk = Math.Max(1, (int)Math.Ceiling(0.02 / perCall));
        var times = new List<double>();
        var cpu0 = ProcessCpu();
        var total = Stopwatch.StartNew();
        while (times.Count < 5 || total.Elapsed.TotalSeconds < budget)
        {
            var sw = Stopwatch.StartNew();
            for (int i = 0; i < chunk; i++)
            {
                action();
            }
            times.Add(sw.Elapsed.TotalSeconds / chunk);
        }
        LastCpu = (ProcessCpu() - cpu0).TotalSeconds / (times.Count * (double)chunk);
        LastWall = Median(times);
        // The fastest chunk goes to stderr as a diagnostic: on a loaded machine it shows what the code does when it runs.
        Console.Error.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"# per call: median {Median(times) * 1e6:F2} us, fastest {times.Min() * 1e6:F2} us, chunks {times.Count} x {chunk}"));
        return Median(times);
    }

    public static double Median(IEnumerable<double> xs)
    {
        var s = xs.Order().ToArray();
        return s.Length % 2 == 1 ? s[s.Length / 2] : (s[s.Length / 2 - 1] + s[s.Length / 2]) / 2;
    }
}
