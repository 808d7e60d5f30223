namespace Trellis.Models;

/// <summary>
/// The loss average Fit and Evaluate log, kept in C# with the arithmetic of <see cref="Metrics.Mean"/> (float32 total and
/// count, each update summed in float64): reading a scalar per step instead of running a metric's ops.
/// </summary>
internal sealed class RunningMean
{
    private float _total;
    private float _count;

    /// <summary>Adds a batch's mean value with its sample count as weight.</summary>
    public void Add(double value, int count)
    {
        _total = (float)(_total + value * count);
        _count = (float)((double)_count + count);
    }

    /// <summary>total / count, 0 before any update.</summary>
    public double Result => _count == 0 ? 0 : (float)((double)_total / _count);

    public void Reset()
    {
        _total = 0;
        _count = 0;
    }
}
