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
    private bool _closed;

    /// <summary>Creates the temporary file next to <paramref name="finalPath"/> (creating the directory if needed).</summary>
    public AtomicFile(string finalPath)
    {
        FinalPath = Path.GetFullPath(finalPath);
        string dir = Path.GetDirectoryName(FinalPath)!;
        Directory.CreateDirectory(dir);
        TempPath = $"{FinalPath}.tmp{Guid.NewGuid():N}";
        _file = new FileStream(TempPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1 << 16);
        Stream = StreamWrapperForTests.Value is { } wrap ? wrap(_file) : _file;
        _writeBehind = ReferenceEquals(Stream, _file) ? WriteBehind.TryCreate(_file.SafeFileHandle) : null;
    }

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
        Stream.Write(bytes);
        if (_writeBehind is not null && bytes.Length >= 1 << 16)
        {
            // Large writes bypass the stream's 64 KB buffer, but a small one before may still sit in it.
            _file.Flush(flushToDisk: false);
            _writeBehind.Advance(_file.Position);
        }
    }

    /// <summary>Flushes the contents through to the disk (fsync) and closes the temporary file.</summary>
    public void FlushToDisk()
    {
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
