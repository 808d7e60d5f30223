using System.IO.Compression;
using System.Text;
using Trellis.Data;

namespace Trellis.Tests.Data;

public class CsvTests
{
    private static MemoryStream Text(string s) => new(Encoding.UTF8.GetBytes(s));

    [Fact]
    public void Read_HeaderAndLastColumnLabel_SplitsFeaturesAndLabels()
    {
        var (x, y) = Csv.Read(Text("a,b,label\n1.5,2,0\n-3e-1,4,1\n"), hasHeader: true);

        Assert.Equal(new Shape([2, 2]), x.Shape);
        Assert.Equal(DType.Float32, x.DType);
        Assert.Equal([1.5f, 2f, -0.3f, 4f], x.ToArray<float>());
        Assert.Equal([0f, 1f], y!.ToArray<float>());
    }

    [Fact]
    public void Read_LabelInFirstColumnAsInt_NoHeader()
    {
        var (x, y) = Csv.Read(Text("7;1;2\r\n8;3;4\r\n"), hasHeader: false, labelColumn: 0, delimiter: ';', labelDType: DType.Int32);

        Assert.Equal([1f, 2f, 3f, 4f], x.ToArray<float>());
        Assert.Equal([7, 8], y!.ToArray<int>());
    }

    [Fact]
    public void Read_NoLabelColumn_AllColumnsAreFeatures()
    {
        var (x, y) = Csv.Read(Text("1,2,3\n"), hasHeader: false, labelColumn: null);
        Assert.Equal(new Shape([1, 3]), x.Shape);
        Assert.Null(y);
    }

    [Fact]
    public void Read_GzipFile_IsDecompressed()
    {
        string path = Path.Combine(Path.GetTempPath(), $"trellis-csv-{Guid.NewGuid():N}.csv.gz");
        try
        {
            using (var gz = new GZipStream(File.Create(path), CompressionLevel.Fastest))
            {
                gz.Write(Encoding.UTF8.GetBytes("x,y\n1,0\n2,1\n3,1\n"));
            }
            var (x, y) = Csv.Read(path);
            Assert.Equal([1f, 2f, 3f], x.ToArray<float>());
            Assert.Equal([0f, 1f, 1f], y!.ToArray<float>());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Read_RaggedRow_NamesTheLine()
    {
        var e = Assert.Throws<InvalidDataException>(() => Csv.Read(Text("h\n1,2\n3\n"), sourceName: "t.csv"));
        Assert.Contains("t.csv, line 3: expected 2 fields", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_NotANumber_NamesLineAndColumn()
    {
        var e = Assert.Throws<InvalidDataException>(() => Csv.Read(Text("1,abc\n"), hasHeader: false, sourceName: "t.csv"));
        Assert.Contains("t.csv, line 1, column 1: 'abc' is not a number", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_FractionalLabelAsInt_Throws()
    {
        var e = Assert.Throws<InvalidDataException>(() => Csv.Read(Text("1,0.5\n"), hasHeader: false, labelDType: DType.Int32));
        Assert.Contains("not a whole number", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_LabelColumnOutOfRange_Throws()
        => Assert.Throws<ArgumentException>(() => Csv.Read(Text("1,2\n"), hasHeader: false, labelColumn: 2));
}
