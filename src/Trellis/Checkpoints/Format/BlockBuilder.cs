using System.Buffers.Binary;

namespace Trellis.Checkpoints.Format;

/// <summary>
/// Builds one table block: entries (shared-prefix length, unshared length, value length as varints, then the
/// unshared key bytes and the value), then the restart offsets as uint32s and their count.
/// </summary>
/// <remarks>Every <c>restartInterval</c>-th key is stored whole so a reader can binary-search the restarts.</remarks>
internal sealed class BlockBuilder
{
    private readonly int _restartInterval;
    private readonly List<byte> _buffer = [];
    private readonly List<int> _restarts = [0];
    private byte[] _lastKey = [];
    private int _sinceRestart;

    public BlockBuilder(int restartInterval) => _restartInterval = restartInterval;

    /// <summary>True before the first <see cref="Add"/>.</summary>
    public bool IsEmpty => _buffer.Count == 0;

    /// <summary>The size <see cref="Finish"/> would return.</summary>
    public int EstimatedSize => _buffer.Count + 4 * (_restarts.Count + 1);

    /// <summary>Appends an entry; keys must be added in strictly increasing byte order (the caller checks).</summary>
    public void Add(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value)
    {
        int shared = 0;
        if (_sinceRestart < _restartInterval)
        {
            int max = Math.Min(_lastKey.Length, key.Length);
            while (shared < max && _lastKey[shared] == key[shared])
            {
                shared++;
            }
        }
        else
        {
            _restarts.Add(_buffer.Count);
            _sinceRestart = 0;
        }
        Varint.Append(_buffer, (ulong)shared);
        Varint.Append(_buffer, (ulong)(key.Length - shared));
        Varint.Append(_buffer, (ulong)value.Length);
        _buffer.AddRange(key[shared..]);
        _buffer.AddRange(value);
        _lastKey = key.ToArray();
        _sinceRestart++;
    }

    /// <summary>The finished block contents (without trailer).</summary>
    public byte[] Finish()
    {
        var result = new byte[EstimatedSize];
        _buffer.CopyTo(result);
        int p = _buffer.Count;
        foreach (int r in _restarts)
        {
            BinaryPrimitives.WriteInt32LittleEndian(result.AsSpan(p), r);
            p += 4;
        }
        BinaryPrimitives.WriteInt32LittleEndian(result.AsSpan(p), _restarts.Count);
        return result;
    }

    /// <summary>Clears the builder for the next block.</summary>
    public void Reset()
    {
        _buffer.Clear();
        _restarts.Clear();
        _restarts.Add(0);
        _lastKey = [];
        _sinceRestart = 0;
    }
}
