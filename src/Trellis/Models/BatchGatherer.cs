namespace Trellis.Models;

/// <summary>
/// Copies the rows of one batch (in shuffled order) into tensors reused from batch to batch, so an epoch of Fit does
/// not allocate a batch per step. A batch is valid until the next call: Fit finishes each step before gathering again.
/// </summary>
internal sealed class BatchGatherer(Tensor x, Tensor y, Tensor? weights)
{
    private readonly Dictionary<int, (Tensor X, Tensor Y, Tensor? W)> _buffers = [];

    /// <summary>The batch of rows <paramref name="order"/>[start .. start + count).</summary>
    public (Tensor X, Tensor Y, Tensor? W) Gather(int[] order, int start, int count)
    {
        if (!_buffers.TryGetValue(count, out var batch))
        {
            batch = (Allocate(x, count), Allocate(y, count), weights is null ? null : Allocate(weights, count));
            _buffers[count] = batch;
        }
        var rows = order.AsSpan(start, count);
        CopyRows(x, rows, batch.X);
        CopyRows(y, rows, batch.Y);
        if (weights is not null)
        {
            CopyRows(weights, rows, batch.W!);
        }
        return batch;
    }

    private static Tensor Allocate(Tensor source, int count)
    {
        int[] dims = source.Shape.ToArray();
        dims[0] = count;
        return Tensor.AllocateUnpooled(new Shape(dims), source.DType); // reused across steps: no scope may take it back
    }

    private static void CopyRows(Tensor source, ReadOnlySpan<int> rows, Tensor destination)
    {
        int rowBytes = rows.Length == 0 ? 0 : destination.BytesView().Length / rows.Length;
        ReadOnlySpan<byte> from = source.BytesView();
        Span<byte> to = destination.BytesView();
        for (int i = 0; i < rows.Length; i++)
        {
            from.Slice(rows[i] * rowBytes, rowBytes).CopyTo(to.Slice(i * rowBytes, rowBytes));
        }
    }
}
