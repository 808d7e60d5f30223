using Trellis.Data;

namespace Trellis.Tests.Data;

// Expected values: ../shared/fixtures/MANIFEST.md section 4a and the files themselves (first rows, class counts).
public class SklearnDatasetTests
{
    private static int[] ClassCounts(TabularDataset d)
        => [.. d.Target.ToArray<int>().GroupBy(v => v).OrderBy(g => g.Key).Select(g => g.Count())];

    private static float[] Row(Tensor t, int i)
        => t.ToArray<float>().AsSpan(i * t.Shape[1], t.Shape[1]).ToArray();

    [Fact]
    public void Iris_Load_150RowsOf4_FirstRowAsManifest()
    {
        var d = Iris.Load();

        Assert.Equal(new Shape([150, 4]), d.Data.Shape);
        Assert.Equal(DType.Int32, d.Target.DType);
        Assert.Equal([5.1f, 3.5f, 1.4f, 0.2f], Row(d.Data, 0));
        Assert.Equal([5.9f, 3.0f, 5.1f, 1.8f], Row(d.Data, 149));
        Assert.Equal([50, 50, 50], ClassCounts(d));
        Assert.Equal(["setosa", "versicolor", "virginica"], d.TargetNames);
        Assert.Contains("Iris plants dataset", d.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Wine_Load_178RowsOf13()
    {
        var d = Wine.Load();

        Assert.Equal(new Shape([178, 13]), d.Data.Shape);
        Assert.Equal([14.23f, 1.71f, 2.43f, 15.6f, 127f, 2.8f, 3.06f, 0.28f, 2.29f, 5.64f, 1.04f, 3.92f, 1065f], Row(d.Data, 0));
        Assert.Equal([59, 71, 48], ClassCounts(d));
        Assert.Equal(["class_0", "class_1", "class_2"], d.TargetNames);
    }

    [Fact]
    public void BreastCancer_Load_569RowsOf30()
    {
        var d = BreastCancer.Load();

        Assert.Equal(new Shape([569, 30]), d.Data.Shape);
        Assert.Equal(17.99f, Row(d.Data, 0)[0]);
        Assert.Equal(0.1189f, Row(d.Data, 0)[29]);
        Assert.Equal(0, d.Target.ToArray<int>()[0]);
        Assert.Equal([212, 357], ClassCounts(d));
        Assert.Equal(["malignant", "benign"], d.TargetNames);
    }

    [Fact]
    public void Digits_Load_1797ImagesOf64Pixels()
    {
        var d = Digits.Load();

        Assert.Equal(new Shape([1797, 64]), d.Data.Shape);
        Assert.Equal([0f, 0f, 5f, 13f, 9f, 1f, 0f, 0f], Row(d.Data, 0)[..8]);
        Assert.Equal(0, d.Target.ToArray<int>()[0]);
        Assert.Equal([178, 182, 177, 183, 181, 182, 181, 179, 174, 180], ClassCounts(d));
        Assert.InRange(d.Data.ToArray<float>().Max(), 16f, 16f);
        Assert.Equal(10, d.TargetNames.Count);
    }

    [Fact]
    public void License_ShipsBesideTheData()
    {
        // The BSD-3-Clause notice must travel with the embedded copies.
        string license = Path.Combine(RepoRoot(), "src", "Trellis", "Data", "Resources", "Sklearn", "SKLEARN-LICENSE");
        Assert.Contains("scikit-learn developers", File.ReadAllText(license), StringComparison.Ordinal);
    }

    private static string RepoRoot([System.Runtime.CompilerServices.CallerFilePath] string here = "")
        => Path.GetFullPath(Path.Combine(Path.GetDirectoryName(here)!, "..", "..", ".."));
}
