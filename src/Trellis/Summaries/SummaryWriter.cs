using Google.Protobuf;
using Trellis.Summaries.Proto;

namespace Trellis.Summaries;

/// <summary>
/// Writes scalars to a TensorBoard event file (<c>events.out.tfevents.&lt;unix time&gt;.&lt;host&gt;</c>) in a log
/// directory, like <c>tf.summary.create_file_writer</c>. Point <c>tensorboard --logdir</c> at the parent directory.
/// </summary>
/// <remarks>
/// The file is a TFRecord file of serialized <c>tensorflow.Event</c> messages: the first holds
/// <c>file_version = "brain.Event:2"</c>, each later one a <c>Summary</c> with <c>simple_value</c> scalars. Every
/// record is flushed as it is written, so TensorBoard sees values while training runs and a crash loses nothing
/// already logged.
/// </remarks>
public sealed class SummaryWriter : IDisposable
{
    private readonly FileStream _stream;
    private readonly Func<DateTimeOffset> _clock;
    private bool _disposed;

    /// <summary>Creates the log directory if needed and starts a new event file in it.</summary>
    /// <param name="logDir">The directory for this run's events (e.g. <c>logs/train</c>).</param>
    /// <exception cref="ArgumentException"><paramref name="logDir"/> is null or empty.</exception>
    public SummaryWriter(string logDir)
        : this(logDir, () => DateTimeOffset.UtcNow)
    {
    }

    internal SummaryWriter(string logDir, Func<DateTimeOffset> clock)
    {
        ArgumentException.ThrowIfNullOrEmpty(logDir);
        _clock = clock;
        Directory.CreateDirectory(logDir);
        DateTimeOffset now = clock();
        string baseName = $"events.out.tfevents.{now.ToUnixTimeSeconds():D10}.{Environment.MachineName}";
        string path = Path.Combine(logDir, baseName);
        // Two writers started in the same second in one directory must not share a file.
        for (int n = 1; File.Exists(path); n++)
        {
            path = Path.Combine(logDir, $"{baseName}.{n}");
        }
        FilePath = path;
        _stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read);
        Write(new Event { WallTime = Seconds(now), FileVersion = EventFileReader.FileVersion });
    }

    /// <summary>The event file being written.</summary>
    public string FilePath { get; }

    /// <summary>Logs one scalar.</summary>
    /// <param name="tag">The series name (e.g. <c>epoch_loss</c>); TensorBoard groups series by the part before '/'.</param>
    /// <param name="value">The value (stored as float32).</param>
    /// <param name="step">The x coordinate: the epoch or batch number.</param>
    /// <exception cref="ArgumentException"><paramref name="tag"/> is null or empty.</exception>
    /// <exception cref="ObjectDisposedException">The writer was disposed.</exception>
    public void Scalar(string tag, double value, long step)
    {
        ArgumentException.ThrowIfNullOrEmpty(tag);
        ObjectDisposedException.ThrowIf(_disposed, this);
        var summary = new Summary();
        summary.Value.Add(new Summary.Types.Value { Tag = tag, SimpleValue = (float)value });
        Write(new Event { WallTime = Seconds(_clock()), Step = step, Summary = summary });
    }

    /// <summary>Closes the event file.</summary>
    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            _stream.Dispose();
        }
    }

    private void Write(Event e)
    {
        TfRecordWriter.Write(_stream, e.ToByteArray());
        _stream.Flush();
    }

    private static double Seconds(DateTimeOffset t) => t.ToUnixTimeMilliseconds() / 1000.0;
}
