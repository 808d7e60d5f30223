namespace Trellis.Data;

/// <summary>Reads the scikit-learn data sets embedded under Data/Resources/Sklearn (BSD-3-Clause, SKLEARN-LICENSE there).</summary>
internal static class SklearnResources
{
    /// <summary>
    /// Loads <paramref name="csvName"/>: scikit-learn's format has a first line <c>N,F,name_0,name_1,...</c>, then N rows
    /// of F features and an integer label.
    /// </summary>
    public static TabularDataset LoadWithHeader(string csvName, string rstName)
    {
        using var stream = Open(csvName);
        using var reader = new StreamReader(stream);
        string[] header = (reader.ReadLine() ?? "").Split(',');
        using var rest = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(reader.ReadToEnd()));
        var (x, y) = Csv.Read(rest, hasHeader: false, labelColumn: -1, labelDType: DType.Int32, sourceName: csvName);
        int rows = int.Parse(header[0], System.Globalization.CultureInfo.InvariantCulture);
        if (x.Shape[0] != rows)
        {
            throw new InvalidDataException($"The embedded {csvName} declares {rows} rows but holds {x.Shape[0]}; the Trellis assembly is damaged.");
        }
        return new TabularDataset(x, y!, header[2..], Description(rstName));
    }

    /// <summary>Loads a header-less CSV whose last column is the label.</summary>
    public static TabularDataset LoadPlain(string csvName, string rstName, IReadOnlyList<string> targetNames)
    {
        using var stream = Open(csvName);
        var (x, y) = Csv.Read(stream, hasHeader: false, labelColumn: -1, labelDType: DType.Int32, sourceName: csvName);
        return new TabularDataset(x, y!, targetNames, Description(rstName));
    }

    private static string Description(string rstName)
    {
        using var reader = new StreamReader(Open(rstName));
        return reader.ReadToEnd();
    }

    private static Stream Open(string name)
        => typeof(SklearnResources).Assembly.GetManifestResourceStream("Trellis.Data.Resources.Sklearn." + name)
            ?? throw new InvalidOperationException($"The embedded data file '{name}' is missing from the Trellis assembly (Data/Resources/Sklearn); rebuild Trellis.");
}
