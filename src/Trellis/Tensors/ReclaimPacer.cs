namespace Trellis.Tensors;

/// <summary>
/// Asks the GC for a background gen2 collection when enough reclaimable arrays were handed out since the last one:
/// only a gen2 collection finds them unreachable, and the GC's own schedule stops working for them (every array it
/// finds is resurrected for the pool, so to the GC they all look like survivors and it keeps lengthening the time to
/// the next collection).
/// </summary>
/// <remarks>
/// The budget between collections is 64 MB, or half of what is outstanding when that is more: a growing set of live
/// large tensors gets geometrically spaced collections, as the GC's own budget would give them. Until a gen2
/// collection starts, a request is repeated once per budget.
/// </remarks>
/// <param name="gen2Count">The number of gen2 collections so far.</param>
/// <param name="requestCollection">Starts a gen2 collection (it may run in the background).</param>
internal sealed class ReclaimPacer(Func<int> gen2Count, Action requestCollection)
{
    /// <summary>Bytes rented between two requested collections when few are outstanding: 64 MB.</summary>
    public const long BaseBudgetBytes = 64L << 20;

    private readonly Lock _lock = new();
    private long _outstanding;
    private long _sinceGen2;
    private long _nextRequestAt; // bytes since the last gen2 collection at which to ask (again)
    private int _gen2Seen = -1;

    /// <summary>The pacer of <see cref="TensorPool.RentReclaimed"/>: the runtime's gen2 count, background collections.</summary>
    public static ReclaimPacer Shared { get; } = new(() => GC.CollectionCount(2), () => GC.Collect(2, GCCollectionMode.Forced, blocking: false));

    /// <summary>Bytes handed out and not yet reclaimed.</summary>
    public long OutstandingBytes
    {
        get
        {
            lock (_lock)
            {
                return _outstanding;
            }
        }
    }

    /// <summary>Counts a rented array; past the budget, requests one gen2 collection.</summary>
    /// <returns>True when this call requested a collection.</returns>
    public bool Rented(long bytes)
    {
        int gen2 = gen2Count();
        lock (_lock)
        {
            _outstanding += bytes;
            if (gen2 != _gen2Seen)
            {
                _gen2Seen = gen2;
                _sinceGen2 = 0;
                _nextRequestAt = 0;
            }
            _sinceGen2 += bytes;
            long budget = Math.Max(BaseBudgetBytes, _outstanding / 2);
            if (_sinceGen2 < Math.Max(budget, _nextRequestAt))
            {
                return false;
            }
            // Ask again after another budget if no collection has started by then: a request made while a background
            // collection runs can be absorbed by it without a new one.
            _nextRequestAt = _sinceGen2 + budget;
        }
        requestCollection();
        return true;
    }

    /// <summary>Counts an array back in the pool (or dropped for the GC).</summary>
    public void Reclaimed(long bytes)
    {
        lock (_lock)
        {
            _outstanding -= bytes;
        }
    }
}
