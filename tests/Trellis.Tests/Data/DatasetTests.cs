using Trellis.Data;

namespace Trellis.Tests.Data;

public class DatasetTests
{
    private static readonly Tensor s_x = Tensor.Constant(Enumerable.Range(0, 20).Select(i => (float)i).ToArray(), [10, 2]);
    private static readonly Tensor s_y = Tensor.Constant(Enumerable.Range(0, 10).ToArray(), [10]);

    private static int[] Labels(IEnumerable<(Tensor X, Tensor? Y)> elements)
        => [.. elements.SelectMany(e => e.Y!.ToArray<int>())];

    [Fact]
    public void FromTensorSlices_YieldsRowsInOrder()
    {
        var elements = Dataset.FromTensorSlices(s_x, s_y).ToList();

        Assert.Equal(10, elements.Count);
        Assert.Equal(new Shape([2]), elements[3].X.Shape);
        Assert.Equal([6f, 7f], elements[3].X.ToArray<float>());
        Assert.Equal(3, elements[3].Y!.Item<int>());
    }

    [Fact]
    public void FromTensorSlices_RowCountsDiffer_Throws()
    {
        var e = Assert.Throws<ArgumentException>(() => Dataset.FromTensorSlices(s_x, Tensor.Zeros([9])));
        Assert.Contains("same number of rows", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Batch_StacksAndKeepsRemainder_UnlessDropped()
    {
        var batches = Dataset.FromTensorSlices(s_x, s_y).Batch(4).ToList();

        Assert.Equal([4, 4, 2], batches.Select(b => b.X.Shape[0]));
        Assert.Equal(new Shape([4, 2]), batches[0].X.Shape);
        Assert.Equal([8f, 9f, 10f, 11f, 12f, 13f, 14f, 15f], batches[1].X.ToArray<float>());
        Assert.Equal(3, Dataset.FromTensorSlices(s_x, s_y).Batch(4).Cardinality);
        Assert.Equal(2, Dataset.FromTensorSlices(s_x, s_y).Batch(4, dropRemainder: true).Count());
        Assert.Equal(2, Dataset.FromTensorSlices(s_x, s_y).Batch(4, dropRemainder: true).Cardinality);
    }

    [Fact]
    public void Shuffle_SameSeedAndEpoch_SameOrder_NewEpoch_NewOrder()
    {
        var a = Dataset.FromTensorSlices(s_x, s_y).Shuffle(10, seed: 42);
        var b = Dataset.FromTensorSlices(s_x, s_y).Shuffle(10, seed: 42);

        int[] first = Labels(a), second = Labels(a);
        Assert.Equal(first, Labels(b));
        Assert.Equal(second, Labels(b));
        Assert.NotEqual(first, second);
        Assert.Equal(second, Labels(a.ForEpoch(1)));
        Assert.Equal(Enumerable.Range(0, 10), first.Order());
        Assert.NotEqual(first, Labels(Dataset.FromTensorSlices(s_x, s_y).Shuffle(10, seed: 7)));
    }

    [Fact]
    public void Shuffle_WithoutReshuffle_RepeatsTheOrder()
    {
        var d = Dataset.FromTensorSlices(s_x, s_y).Shuffle(10, seed: 3, reshuffleEachIteration: false);
        Assert.Equal(Labels(d), Labels(d));
    }

    [Fact]
    public void Shuffle_SmallBuffer_OnlyMovesElementsLocally()
    {
        // With a buffer of 2, element i cannot come out before position i - 1.
        int[] order = Labels(Dataset.FromTensorSlices(s_x, s_y).Shuffle(2, seed: 1));
        Assert.Equal(Enumerable.Range(0, 10), order.Order());
        for (int pos = 0; pos < order.Length; pos++)
        {
            Assert.True(order[pos] <= pos + 1, $"element {order[pos]} came out at position {pos}");
        }
    }

    [Fact]
    public void MapTakeSkip_ComposeAsTfData()
    {
        var d = Dataset.FromTensorSlices(s_x, s_y).Skip(2).Take(3).Map(e => (Ops.Multiply(e.X, Tensor.Constant(2f)), e.Y));

        var elements = d.ToList();
        Assert.Equal([2, 3, 4], Labels(elements));
        Assert.Equal([8f, 10f], elements[0].X.ToArray<float>());
        Assert.Equal(3, d.Cardinality);
        Assert.Equal(0, Dataset.FromTensorSlices(s_x).Skip(20).Cardinality);
    }

    [Fact]
    public void Repeat_Shuffled_ReshufflesEachRepetition()
    {
        var d = Dataset.FromTensorSlices(s_x, s_y).Shuffle(10, seed: 5).Repeat(2);

        int[] labels = Labels(d);
        Assert.Equal(20, labels.Length);
        Assert.Equal(20, d.Cardinality);
        Assert.NotEqual(labels[..10], labels[10..]);
        Assert.Equal(Enumerable.Range(0, 10), labels[10..].Order());
        Assert.Equal(Dataset.Infinite, Dataset.FromTensorSlices(s_x).Repeat().Cardinality);
        Assert.Equal(25, Dataset.FromTensorSlices(s_x).Repeat().Take(25).Count());
    }

    [Fact]
    public void Prefetch_SameElements_AndStopsEarlyWithoutHanging()
    {
        var plain = Dataset.FromTensorSlices(s_x, s_y).Shuffle(10, seed: 9).Batch(3);
        var prefetched = Dataset.FromTensorSlices(s_x, s_y).Shuffle(10, seed: 9).Batch(3).Prefetch(1);

        Assert.Equal(Labels(plain), Labels(prefetched));
        Assert.Single(Dataset.FromTensorSlices(s_x).Repeat().Prefetch(2).Take(1));
    }

    [Fact]
    public void Prefetch_ProducerThrows_ConsumerSeesTheException()
    {
        var d = Dataset.FromTensorSlices(s_x, s_y)
            .Map(e => e.Y!.Item<int>() == 4 ? throw new InvalidDataException("bad row 4") : e)
            .Prefetch(2);

        var e = Assert.Throws<InvalidDataException>(() => d.ToList());
        Assert.Equal("bad row 4", e.Message);
    }

    [Fact]
    public void Batch_InputsOnly_YIsNull()
    {
        var batch = Dataset.FromTensorSlices(s_x).Batch(5).First();
        Assert.Null(batch.Y);
        Assert.Equal(new Shape([5, 2]), batch.X.Shape);
    }
}
