using System.Runtime.ExceptionServices;

namespace Trellis.Checkpoints;

/// <summary>
/// Runs checkpoint writes in the background, one at a time: starting a write first waits for the one in flight,
/// and an error of a background write is thrown by the next call (TensorFlow's async checkpoint contract).
/// </summary>
internal sealed class AsyncCheckpointWriter
{
    private readonly Lock _lock = new();
    private Task? _inFlight;
    private ExceptionDispatchInfo? _error;

    /// <summary>Waits for the write in flight, rethrows a stored error, then starts <paramref name="write"/> in the background.</summary>
    public void Start(Action write)
    {
        Sync();
        lock (_lock)
        {
            _inFlight = Task.Run(() =>
            {
                try
                {
                    write();
                }
                catch (Exception e)
                {
                    lock (_lock)
                    {
                        _error = ExceptionDispatchInfo.Capture(e);
                    }
                }
            });
        }
    }

    /// <summary>Waits until no write is in flight; throws the error of a failed background write once.</summary>
    public void Sync()
    {
        Task? pending;
        lock (_lock)
        {
            pending = _inFlight;
        }
        pending?.Wait();
        ExceptionDispatchInfo? error;
        lock (_lock)
        {
            if (ReferenceEquals(_inFlight, pending))
            {
                _inFlight = null;
            }
            error = _error;
            _error = null;
        }
        error?.Throw();
    }
}
