using System.Buffers.Binary;
using Trellis.Checkpoints.Format;

namespace Trellis.Summaries;

/// <summary>
/// Writes TFRecord framing: uint64 length, masked CRC32C of the 8 length bytes, the data, masked CRC32C of the data
/// (all little-endian). TensorBoard event files are TFRecord files of serialized <c>Event</c> messages.
/// </summary>
internal static class TfRecordWriter
{
    /// <summary>The bytes a record adds around its data.</summary>
    public const int Overhead = 8 + 4 + 4;

    /// <summary>Writes one framed record.</summary>
    public static void Write(Stream stream, ReadOnlySpan<byte> data)
    {
        Span<byte> header = stackalloc byte[12];
        BinaryPrimitives.WriteUInt64LittleEndian(header, (ulong)data.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(header[8..], Crc32C.Mask(Crc32C.Compute(header[..8])));
        Span<byte> footer = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(footer, Crc32C.Mask(Crc32C.Compute(data)));
        stream.Write(header);
        stream.Write(data);
        stream.Write(footer);
    }
}
