namespace Trellis.Checkpoints.Format;

/// <summary>
/// A file written under a temporary name in its final directory, flushed to disk, then renamed into place, so a
/// crash leaves either the old file or the complete new one at the final path, never a partial one.
/// </summary>
internal sealed class AtomicFile : IDisposable
{
    /// <summary>
    /// Test hook: wraps every stream an <see cref="AtomicFile"/> writes through (fault injection kills writes at a
    /// chosen byte). Async-local so tests running in parallel do not see each other's hooks.
    /// </summary>
    internal static readonly AsyncLocal<Func<Stream, Stream>?> StreamWrapperForTests = new();

    private readonly FileStream _file;
    private readonly WriteBehind? _writeBehind;
    private bool _directAllowed; // cleared when the file system refuses O_DIRECT
    private DirectWriter? _direct;
    private bool _closed;

    /// <summary>Creates the temporary file next to <paramref name="finalPath"/> (creating the directory if needed).</summary>
    /// <param name="finalPath">Where the file ends up.</param>
    /// <param name="largeWrites">
    /// The contents come in large pieces (a checkpoint's tensor data): writes of at least <see cref="DirectMinBytes"/>
    /// then go around the page cache where the file system allows it (see <see cref="DirectWriter"/>).
    /// </param>
    public AtomicFile(string finalPath, bool largeWrites = false)
    {
        FinalPath = Path.GetFullPath(finalPath);
        string dir = Path.GetDirectoryName(FinalPath)!;
        Directory.CreateDirectory(dir);
        TempPath = $"{FinalPath}.tmp{Guid.NewGuid():N}";
        _file = new FileStream(TempPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1 << 16);
        Stream = StreamWrapperForTests.Value is { } wrap ? wrap(_file) : _file;
        _writeBehind = ReferenceEquals(Stream, _file) ? WriteBehind.TryCreate(_file.SafeFileHandle) : null;
        _directAllowed = largeWrites && ReferenceEquals(Stream, _file);
    }

    /// <summary>Writes at least this long take the direct path of a file made with <c>largeWrites</c>.</summary>
    internal const int DirectMinBytes = 1 << 20;

    /// <summary>Bytes that went around the page cache (0 where the file system has no direct I/O).</summary>
    internal long DirectBytes => _direct?.BytesWritten ?? 0;

    /// <summary>Where the file ends up.</summary>
    public string FinalPath { get; }

    /// <summary>The temporary name it is written under.</summary>
    public string TempPath { get; }

    /// <summary>The stream to write the contents to.</summary>
    public Stream Stream { get; }

    /// <summary>
    /// Writes <paramref name="bytes"/> to <see cref="Stream"/> and, for large files, starts the disk writing them
    /// already (see <see cref="WriteBehind"/>).
    /// </summary>
    public void Write(ReadOnlySpan<byte> bytes)
    {
        if (_directAllowed && bytes.Length >= DirectMinBytes)
        {
            _direct ??= DirectWriter.TryOpen(TempPath);
            _directAllowed = _direct is not null;
            if (_direct is not null)
            {
                WriteAroundPageCache(_direct, bytes);
                return;
            }
        }
        Stream.Write(bytes);
        if (_writeBehind is not null && bytes.Length >= 1 << 16)
        {
            // Large writes bypass the stream's 64 KB buffer, but a small one before may still sit in it.
            _file.Flush(flushToDisk: false);
            _writeBehind.Advance(_file.Position);
        }
    }

    /// <summary>
    /// The aligned middle of <paramref name="bytes"/> goes through <paramref name="direct"/>; the unaligned head and tail
    /// go through the stream, so no page of the file is written both ways.
    /// </summary>
    private void WriteAroundPageCache(DirectWriter direct, ReadOnlySpan<byte> bytes)
    {
        int alignment = DirectWriter.Alignment;
        int head = (int)Math.Min(bytes.Length, (alignment - _file.Position % alignment) % alignment);
        _file.Write(bytes[..head]);
        bytes = bytes[head..];
        int middle = bytes.Length / alignment * alignment;
        _file.Flush(flushToDisk: false); // the head reaches the OS before the stream's position moves past the middle
        direct.Write(bytes[..middle], _file.Position);
        _file.Seek(middle, SeekOrigin.Current);
        _file.Write(bytes[middle..]);
    }

    /// <summary>Flushes the contents through to the disk (fsync) and closes the temporary file.</summary>
    public void FlushToDisk()
    {
        _direct?.Drain(); // a failed direct write surfaces here at the latest, before anything is committed
        Stream.Flush();
        _file.Flush(flushToDisk: true);
        Close();
    }

    /// <summary>Renames the temporary file over <see cref="FinalPath"/>. Call <see cref="FlushToDisk"/> first.</summary>
    public void Commit()
    {
        if (!_closed)
        {
            throw new InvalidOperationException("FlushToDisk must run before Commit.");
        }
        File.Move(TempPath, FinalPath, overwrite: true);
    }

    /// <summary>Closes and deletes the temporary file if it was not committed.</summary>
    public void Dispose()
    {
        Close();
        try
        {
            if (File.Exists(TempPath))
            {
                File.Delete(TempPath);
            }
        }
        catch (IOException)
        {
            // Best effort: a leftover temp file never shadows a real checkpoint file.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private void Close()
    {
        if (_closed)
        {
            return;
        }
        _closed = true;
        try
        {
            _direct?.Dispose();
            if (!ReferenceEquals(Stream, _file))
            {
                Stream.Dispose();
            }
        }
        finally
        {
            _file.Dispose();
        }
    }
}
