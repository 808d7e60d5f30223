using Trellis.Data;

namespace Trellis.Tests.Data;

// Expected values: ../shared/fixtures/MANIFEST.md section 4a and the files themselves (first and last rows, class counts).
public class SklearnDatasetTests
{
    private static int[] ClassCounts(Tensor y)
        => [.. y.ToArray<int>().GroupBy(v => v).OrderBy(g => g.Key).Select(g => g.Count())];

    private static float[] Row(Tensor t, int i)
        => t.ToArray<float>().AsSpan(i * t.Shape[1], t.Shape[1]).ToArray();

    [Fact]
    public void BreastCancer_Load_569RowsOf30_FirstRowAndClassCounts()
    {
        var (x, y) = Datasets.BreastCancer.Load();

        Assert.Equal(new Shape([569, 30]), x.Shape);
        Assert.Equal(DType.Int32, y.DType);
        Assert.Equal(17.99f, Row(x, 0)[0]);
        Assert.Equal(0.1189f, Row(x, 0)[29]);
        Assert.Equal(7.76f, Row(x, 568)[0]);
        Assert.Equal(0, y.ToArray<int>()[0]);
        Assert.Equal(1, y.ToArray<int>()[568]);
        Assert.Equal([212, 357], ClassCounts(y));
    }

    [Fact]
    public void Iris_Load_LastRowAndLabel()
    {
        var (x, y) = Datasets.Iris.Load();

        Assert.Equal([5.9f, 3.0f, 5.1f, 1.8f], Row(x, 149));
        Assert.Equal(2, y.ToArray<int>()[149]);
    }

    [Fact]
    public void Wine_Load_FirstRowAndClassCounts()
    {
        var (x, y) = Datasets.Wine.Load();

        Assert.Equal([14.23f, 1.71f, 2.43f, 15.6f, 127f, 2.8f, 3.06f, 0.28f, 2.29f, 5.64f, 1.04f, 3.92f, 1065f], Row(x, 0));
        Assert.Equal([59, 71, 48], ClassCounts(y));
    }

    [Fact]
    public void Digits_Load_FirstImageRowAndClassCounts()
    {
        var (x, y) = Datasets.Digits.Load();

        Assert.Equal([0f, 0f, 5f, 13f, 9f, 1f, 0f, 0f], Row(x, 0)[..8]);
        Assert.Equal(0, y.ToArray<int>()[0]);
        Assert.Equal([178, 182, 177, 183, 181, 182, 181, 179, 174, 180], ClassCounts(y));
    }
}
