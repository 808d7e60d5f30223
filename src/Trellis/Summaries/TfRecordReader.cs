using System.Buffers.Binary;
using Trellis.Checkpoints.Format;

namespace Trellis.Summaries;

/// <summary>Reads TFRecord framing and verifies both CRCs of every record.</summary>
internal static class TfRecordReader
{
    /// <summary>The data of every record in <paramref name="bytes"/>, in order.</summary>
    /// <exception cref="TrellisFormatException">A record is truncated or a CRC does not match.</exception>
    public static List<byte[]> ReadAll(ReadOnlySpan<byte> bytes, string source)
    {
        var records = new List<byte[]>();
        int pos = 0;
        while (pos < bytes.Length)
        {
            int index = records.Count;
            if (bytes.Length - pos < 12)
            {
                throw new TrellisFormatException($"TFRecord file '{source}': record {index} at byte {pos} is truncated ({bytes.Length - pos} bytes left, the header needs 12).");
            }
            ReadOnlySpan<byte> lengthBytes = bytes.Slice(pos, 8);
            uint lengthCrc = BinaryPrimitives.ReadUInt32LittleEndian(bytes[(pos + 8)..]);
            if (Crc32C.Mask(Crc32C.Compute(lengthBytes)) != lengthCrc)
            {
                throw new TrellisFormatException($"TFRecord file '{source}': record {index} at byte {pos} fails its length CRC32C check. The file is corrupt.");
            }
            ulong length = BinaryPrimitives.ReadUInt64LittleEndian(lengthBytes);
            if (length > (ulong)(bytes.Length - pos - 12) || (ulong)(bytes.Length - pos - 12) - length < 4)
            {
                throw new TrellisFormatException($"TFRecord file '{source}': record {index} at byte {pos} declares {length} data bytes but the file ends first. The file is truncated.");
            }
            ReadOnlySpan<byte> data = bytes.Slice(pos + 12, (int)length);
            uint dataCrc = BinaryPrimitives.ReadUInt32LittleEndian(bytes[(pos + 12 + (int)length)..]);
            if (Crc32C.Mask(Crc32C.Compute(data)) != dataCrc)
            {
                throw new TrellisFormatException($"TFRecord file '{source}': record {index} at byte {pos} fails its data CRC32C check. The file is corrupt.");
            }
            records.Add(data.ToArray());
            pos += 12 + (int)length + 4;
        }
        return records;
    }
}
