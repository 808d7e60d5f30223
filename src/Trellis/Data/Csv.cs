using System.Globalization;
using System.IO.Compression;

namespace Trellis.Data;

/// <summary>Reads numeric CSV files (optionally gzip-compressed) into float64 tensors.</summary>
public static class Csv
{
    /// <summary>Reads a numeric CSV file.</summary>
    /// <param name="path">The file; a gzip file (by its magic bytes) is decompressed.</param>
    /// <param name="separator">The field separator.</param>
    /// <param name="skipRows">Leading lines to skip (headers).</param>
    /// <returns>float64 (rows, columns).</returns>
    /// <exception cref="InvalidDataException">A field is not a number or a row has another column count; the message gives the line.</exception>
    public static Tensor Read(string path, char separator = ',', int skipRows = 0)
    {
        using var stream = File.OpenRead(path);
        return Read(stream, separator, skipRows);
    }

    /// <summary>Reads numeric CSV data from a stream.</summary>
    /// <param name="stream">The data (gzip or plain text).</param>
    /// <param name="separator">The field separator.</param>
    /// <param name="skipRows">Leading lines to skip (headers).</param>
    /// <returns>float64 (rows, columns).</returns>
    /// <exception cref="InvalidDataException">A field is not a number or a row has another column count.</exception>
    public static Tensor Read(Stream stream, char separator = ',', int skipRows = 0)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        buffer.Position = 0;
        Stream text = buffer.Length >= 2 && buffer.GetBuffer()[0] == 0x1f && buffer.GetBuffer()[1] == 0x8b
            ? new GZipStream(buffer, CompressionMode.Decompress) : buffer;
        using var reader = new StreamReader(text);
        var values = new List<double>();
        int columns = -1, rows = 0, lineNumber = 0;
        for (string? line = reader.ReadLine(); line is not null; line = reader.ReadLine())
        {
            lineNumber++;
            if (lineNumber <= skipRows || line.Trim().Length == 0)
            {
                continue;
            }
            var fields = line.Split(separator);
            if (columns >= 0 && fields.Length != columns)
            {
                throw new InvalidDataException($"CSV line {lineNumber} has {fields.Length} fields, but earlier rows have {columns}.");
            }
            columns = fields.Length;
            foreach (var f in fields)
            {
                if (!double.TryParse(f.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out double v))
                {
                    throw new InvalidDataException($"CSV line {lineNumber}: '{f}' is not a number. Use skipRows to skip header lines.");
                }
                values.Add(v);
            }
            rows++;
        }
        return Tensor.Constant(values.ToArray(), [rows, Math.Max(columns, 0)]);
    }
}
