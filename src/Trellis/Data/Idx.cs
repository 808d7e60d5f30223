using System.Buffers.Binary;
using System.IO.Compression;

namespace Trellis.Data;

/// <summary>Reads IDX files, the format of the original MNIST distribution (optionally gzip-compressed).</summary>
/// <remarks>
/// Layout: two zero bytes, a type code (0x08 uint8, 0x09 int8, 0x0B int16, 0x0C int32, 0x0D float32, 0x0E float64),
/// the number of dimensions, each dimension as a big-endian int32, then the values big-endian in row-major order.
/// </remarks>
public static class Idx
{
    /// <summary>Reads an IDX file; a gzip file (by its magic bytes) is decompressed first.</summary>
    /// <param name="path">The file path.</param>
    /// <returns>The tensor: uint8 for uint8 data, int32 for int8/int16/int32, float32, or float64.</returns>
    /// <exception cref="InvalidDataException">The file is not valid IDX; the message names the file and the problem.</exception>
    public static Tensor Read(string path)
    {
        using var stream = File.OpenRead(path);
        try
        {
            return Read(stream);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"'{path}': {e.Message}", e);
        }
    }

    /// <summary>Reads IDX data from a stream (gzip-compressed or not).</summary>
    /// <param name="stream">The stream, positioned at the start of the file.</param>
    /// <returns>The tensor.</returns>
    /// <exception cref="InvalidDataException">The data is not valid IDX.</exception>
    public static Tensor Read(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        byte[] bytes = buffer.ToArray();
        if (bytes.Length >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b)
        {
            using var gzip = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
            var raw = new MemoryStream();
            gzip.CopyTo(raw);
            bytes = raw.ToArray();
        }
        return Parse(bytes);
    }

    private static Tensor Parse(byte[] bytes)
    {
        if (bytes.Length < 4 || bytes[0] != 0 || bytes[1] != 0)
        {
            throw new InvalidDataException("not an IDX file: it must start with two zero bytes, a type code and a rank.");
        }
        byte type = bytes[2];
        int rank = bytes[3];
        int elementSize = type switch
        {
            0x08 or 0x09 => 1,
            0x0B => 2,
            0x0C or 0x0D => 4,
            0x0E => 8,
            _ => throw new InvalidDataException($"unknown IDX type code 0x{type:X2}; expected 0x08, 0x09, 0x0B, 0x0C, 0x0D or 0x0E."),
        };
        int header = 4 + 4 * rank;
        if (bytes.Length < header)
        {
            throw new InvalidDataException($"truncated IDX header: {rank} dimensions need {header} bytes, but the file has {bytes.Length}.");
        }
        var dims = new int[rank];
        long count = 1;
        for (int i = 0; i < rank; i++)
        {
            dims[i] = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(4 + 4 * i));
            count *= dims[i];
        }
        if (bytes.Length - header != count * elementSize)
        {
            throw new InvalidDataException($"IDX shape ({string.Join(", ", dims)}) needs {count * elementSize} data bytes, but the file has {bytes.Length - header}.");
        }
        var data = bytes.AsSpan(header);
        Shape shape = dims;
        switch (type)
        {
            case 0x08:
                return Tensor.Constant(data.ToArray(), shape);
            case 0x0D:
                var f = new float[count];
                for (int i = 0; i < f.Length; i++)
                {
                    f[i] = BinaryPrimitives.ReadSingleBigEndian(data[(4 * i)..]);
                }
                return Tensor.Constant(f, shape);
            case 0x0E:
                var d = new double[count];
                for (int i = 0; i < d.Length; i++)
                {
                    d[i] = BinaryPrimitives.ReadDoubleBigEndian(data[(8 * i)..]);
                }
                return Tensor.Constant(d, shape);
            default:
                var ints = new int[count];
                for (int i = 0; i < ints.Length; i++)
                {
                    ints[i] = type switch
                    {
                        0x09 => (sbyte)data[i],
                        0x0B => BinaryPrimitives.ReadInt16BigEndian(data[(2 * i)..]),
                        _ => BinaryPrimitives.ReadInt32BigEndian(data[(4 * i)..]),
                    };
                }
                return Tensor.Constant(ints, shape);
        }
    }
}
