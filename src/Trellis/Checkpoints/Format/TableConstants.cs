namespace Trellis.Checkpoints.Format;

/// <summary>Fixed numbers of the LevelDB table layout that TensorBundle indexes use.</summary>
internal static class TableConstants
{
    /// <summary>The last 8 bytes of every table, little-endian.</summary>
    public const ulong Magic = 0xdb4775248b80fb57UL;

    /// <summary>Footer: metaindex and index handles padded to 40 bytes, then the magic.</summary>
    public const int FooterLength = 48;

    /// <summary>After each block: 1 compression-type byte and a 4-byte masked CRC32C of block + type.</summary>
    public const int BlockTrailerLength = 5;

    /// <summary>Compression type byte: stored as is.</summary>
    public const byte NoCompression = 0;

    /// <summary>Compression type byte: raw Snappy block.</summary>
    public const byte SnappyCompression = 1;

    /// <summary>A full key is stored every this many entries in a data block (LevelDB's default).</summary>
    public const int RestartInterval = 16;

    /// <summary>Data blocks are cut when they reach this many bytes (LevelDB's default).</summary>
    public const int TargetBlockSize = 4096;
}
