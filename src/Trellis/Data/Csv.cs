using System.Globalization;
using System.IO.Compression;

namespace Trellis.Data;

/// <summary>Reads numeric CSV files into a features tensor and a labels tensor.</summary>
public static class Csv
{
    /// <summary>Reads a numeric CSV file; a gzip file (by its magic bytes) is decompressed first.</summary>
    /// <param name="path">The file path.</param>
    /// <param name="hasHeader">Skip the first line.</param>
    /// <param name="labelColumn">The column holding the label (negative counts from the end: -1 is the last), or null for none.</param>
    /// <param name="delimiter">The field separator.</param>
    /// <param name="labelDType">The labels' dtype (float32, float64, int32 or int64).</param>
    /// <returns>Features float32 (N, columns - 1) (or (N, columns) without labels) and labels (N), or null without a label column.</returns>
    /// <exception cref="InvalidDataException">A row has a different number of fields, a field is not a number, or an integer label is not whole; the message names the file, line and column.</exception>
    /// <exception cref="ArgumentException"><paramref name="labelColumn"/> is outside the columns, or <paramref name="labelDType"/> is not numeric.</exception>
    public static (Tensor Features, Tensor? Labels) Read(string path, bool hasHeader = true, int? labelColumn = -1, char delimiter = ',', DType labelDType = DType.Float32)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var stream = File.OpenRead(path);
        return Read(stream, hasHeader, labelColumn, delimiter, labelDType, path);
    }

    /// <summary>Reads numeric CSV data from a stream (gzip-compressed or not).</summary>
    /// <param name="stream">The stream, positioned at the start.</param>
    /// <param name="hasHeader">Skip the first line.</param>
    /// <param name="labelColumn">The label column (negative counts from the end), or null for none.</param>
    /// <param name="delimiter">The field separator.</param>
    /// <param name="labelDType">The labels' dtype (float32, float64, int32 or int64).</param>
    /// <param name="sourceName">The name used in error messages.</param>
    /// <returns>Features float32 (N, F) and labels (N) or null.</returns>
    /// <exception cref="InvalidDataException">The data is not a rectangular table of numbers.</exception>
    /// <exception cref="ArgumentException">The label column or dtype is invalid.</exception>
    public static (Tensor Features, Tensor? Labels) Read(Stream stream, bool hasHeader = true, int? labelColumn = -1, char delimiter = ',', DType labelDType = DType.Float32, string sourceName = "CSV data")
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (labelDType is not (DType.Float32 or DType.Float64 or DType.Int32 or DType.Int64))
        {
            throw new ArgumentException($"Csv.Read reads labels as float32, float64, int32 or int64; received {labelDType.Name()}.", nameof(labelDType));
        }
        using var reader = new StreamReader(Decompressed(stream));
        if (hasHeader)
        {
            reader.ReadLine();
        }
        var features = new List<float>();
        var labels = new List<double>();
        int columns = -1, label = -1, rows = 0, lineNumber = hasHeader ? 1 : 0;
        for (string? line = reader.ReadLine(); line is not null; line = reader.ReadLine())
        {
            lineNumber++;
            if (line.Length == 0)
            {
                continue;
            }
            string[] fields = line.Split(delimiter);
            if (columns < 0)
            {
                columns = fields.Length;
                label = LabelIndex(labelColumn, columns);
            }
            else if (fields.Length != columns)
            {
                throw new InvalidDataException($"{sourceName}, line {lineNumber}: expected {columns} fields like the first data row, received {fields.Length}.");
            }
            for (int c = 0; c < columns; c++)
            {
                if (!double.TryParse(fields[c], NumberStyles.Float, CultureInfo.InvariantCulture, out double v))
                {
                    throw new InvalidDataException($"{sourceName}, line {lineNumber}, column {c}: '{fields[c]}' is not a number. Csv.Read reads numeric tables; pass hasHeader: true if this is a header line.");
                }
                if (c == label)
                {
                    if (labelDType is DType.Int32 or DType.Int64 && v != Math.Floor(v))
                    {
                        throw new InvalidDataException($"{sourceName}, line {lineNumber}: label '{fields[c]}' is not a whole number, but the labels were asked for as {labelDType.Name()}; read them as float32.");
                    }
                    labels.Add(v);
                }
                else
                {
                    features.Add((float)v);
                }
            }
            rows++;
        }
        int featureCount = columns < 0 ? 0 : columns - (label >= 0 ? 1 : 0);
        var x = Tensor.Constant(features.ToArray(), [rows, featureCount]);
        Tensor? y = label < 0 ? null : Ops.Cast(Tensor.Constant(labels.ToArray(), [rows]), labelDType);
        return (x, y);
    }

    private static int LabelIndex(int? labelColumn, int columns)
    {
        if (labelColumn is not int c)
        {
            return -1;
        }
        int index = c < 0 ? columns + c : c;
        if (index < 0 || index >= columns)
        {
            throw new ArgumentException($"Csv.Read: label column {c} is outside the {columns} columns of the data; expected -{columns}..{columns - 1}, or null for no labels.", nameof(labelColumn));
        }
        return index;
    }

    private static Stream Decompressed(Stream stream)
    {
        if (!stream.CanSeek)
        {
            // Peeking at the magic bytes needs a seekable stream.
            var copy = new MemoryStream();
            stream.CopyTo(copy);
            copy.Position = 0;
            stream = copy;
        }
        long start = stream.Position;
        Span<byte> magic = stackalloc byte[2];
        int read = stream.ReadAtLeast(magic, 2, throwOnEndOfStream: false);
        stream.Position = start;
        return read == 2 && magic[0] == 0x1f && magic[1] == 0x8b ? new GZipStream(stream, CompressionMode.Decompress, leaveOpen: true) : stream;
    }
}
