namespace Trellis.Data;

/// <summary>Creates datasets and batches them (the static side of <see cref="Dataset{T}"/>).</summary>
public static class Dataset
{
    /// <summary>One element per row of <paramref name="x"/> (the first axis is removed).</summary>
    /// <param name="x">The tensor, samples first.</param>
    /// <returns>A dataset of rows.</returns>
    public static Dataset<Tensor> FromTensorSlices(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        return new(() => Enumerable.Range(0, x.Shape[0]).Select(i => Row(x, i)));
    }

    /// <summary>One (x row, y row) pair per sample.</summary>
    /// <param name="x">Inputs, samples first.</param>
    /// <param name="y">Targets, samples first.</param>
    /// <returns>A dataset of pairs.</returns>
    /// <exception cref="ArgumentException">x and y have different numbers of samples.</exception>
    public static Dataset<(Tensor X, Tensor Y)> FromTensorSlices(Tensor x, Tensor y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (x.Shape[0] != y.Shape[0])
        {
            throw new ArgumentException($"FromTensorSlices: x and y must have the same number of samples, but received x {x.Shape} and y {y.Shape}.", nameof(y));
        }
        return new(() => Enumerable.Range(0, x.Shape[0]).Select(i => (Row(x, i), Row(y, i))));
    }

    /// <summary>Stacks consecutive elements into batches of <paramref name="batchSize"/>.</summary>
    /// <param name="dataset">The dataset.</param>
    /// <param name="batchSize">Elements per batch.</param>
    /// <param name="dropRemainder">Drop a last, smaller batch.</param>
    /// <returns>A dataset of batches (a new first axis).</returns>
    public static Dataset<Tensor> Batch(this Dataset<Tensor> dataset, int batchSize, bool dropRemainder = false)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        return new(() => dataset.Chunk(batchSize).Where(c => !dropRemainder || c.Length == batchSize).Select(c => Ops.Stack(c, 0)));
    }

    /// <summary>Stacks consecutive pairs into batches of <paramref name="batchSize"/>.</summary>
    /// <param name="dataset">The dataset.</param>
    /// <param name="batchSize">Pairs per batch.</param>
    /// <param name="dropRemainder">Drop a last, smaller batch.</param>
    /// <returns>A dataset of (x batch, y batch).</returns>
    public static Dataset<(Tensor X, Tensor Y)> Batch(this Dataset<(Tensor X, Tensor Y)> dataset, int batchSize, bool dropRemainder = false)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        return new(() => dataset.Chunk(batchSize).Where(c => !dropRemainder || c.Length == batchSize)
            .Select(c => (Ops.Stack([.. c.Select(p => p.X)], 0), Ops.Stack([.. c.Select(p => p.Y)], 0))));
    }

    private static Tensor Row(Tensor t, int i)
    {
        int[] begin = new int[t.Rank];
        int[] size = t.Shape.ToArray();
        begin[0] = i;
        size[0] = 1;
        return Ops.Reshape(Ops.Slice(t, begin, size), t.Shape.Dims[1..].ToArray());
    }
}
