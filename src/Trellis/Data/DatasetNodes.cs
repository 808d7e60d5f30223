namespace Trellis.Data;

// The transformations behind Dataset's methods. Each is a small immutable node over its source; the work happens
// lazily in Enumerate, once per pass.

internal sealed class SliceDataset(Tensor x, Tensor? y) : Dataset
{
    public override long Cardinality => x.Shape[0];

    private protected override IEnumerable<(Tensor X, Tensor? Y)> Enumerate(long pass)
    {
        for (int i = 0; i < x.Shape[0]; i++)
        {
            yield return (Row(x, i), y is null ? null : Row(y, i));
        }
    }

    /// <summary>Row <paramref name="i"/> of <paramref name="t"/> (shape t.Shape[1..]) as a copy of its bytes.</summary>
    internal static Tensor Row(Tensor t, int i)
    {
        var bytes = t.BytesView();
        int rowBytes = bytes.Length / t.Shape[0];
        return Tensor.FromBytes(bytes.Slice(i * rowBytes, rowBytes), new Shape(t.Shape.Dims[1..]), t.DType);
    }
}

internal sealed class BatchDataset(Dataset source, int batchSize, bool dropRemainder) : Dataset
{
    public override long Cardinality => source.Cardinality == Infinite ? Infinite
        : dropRemainder ? source.Cardinality / batchSize
        : (source.Cardinality + batchSize - 1) / batchSize;

    private protected override IEnumerable<(Tensor X, Tensor? Y)> Enumerate(long pass)
    {
        var pending = new List<(Tensor X, Tensor? Y)>(batchSize);
        foreach (var element in source.ForPass(pass))
        {
            pending.Add(element);
            if (pending.Count == batchSize)
            {
                yield return Stack(pending);
                pending.Clear();
            }
        }
        if (pending.Count > 0 && !dropRemainder)
        {
            yield return Stack(pending);
        }
    }

    private static (Tensor X, Tensor? Y) Stack(List<(Tensor X, Tensor? Y)> elements)
    {
        bool anyY = elements.Exists(e => e.Y is not null);
        if (anyY && elements.Exists(e => e.Y is null))
        {
            throw new InvalidOperationException("Batch received elements with and without targets; every element must have a y, or none.");
        }
        return (StackRows([.. elements.Select(e => e.X)], "x"), anyY ? StackRows([.. elements.Select(e => e.Y!)], "y") : null);
    }

    /// <summary>Stacks same-shaped tensors into (count, ...) by copying bytes.</summary>
    private static Tensor StackRows(Tensor[] rows, string what)
    {
        var first = rows[0];
        foreach (var r in rows)
        {
            if (r.Shape != first.Shape || r.DType != first.DType)
            {
                throw new InvalidOperationException($"Batch needs every {what} in a batch to have the same shape and dtype; received {first.DType.Name()} {first.Shape} and {r.DType.Name()} {r.Shape}. Map the elements to one shape first.");
            }
        }
        var dims = new int[first.Shape.Rank + 1];
        dims[0] = rows.Length;
        first.Shape.Dims.CopyTo(dims.AsSpan(1));
        var result = Tensor.Zeros(new Shape(dims), first.DType);
        var target = result.BytesView();
        int rowBytes = target.Length / rows.Length;
        for (int i = 0; i < rows.Length; i++)
        {
            rows[i].BytesView().CopyTo(target.Slice(i * rowBytes, rowBytes));
        }
        return result;
    }
}

internal sealed class ShuffleDataset(Dataset source, int bufferSize, long seed, bool reshuffle) : Dataset
{
    public override long Cardinality => source.Cardinality;

    private protected override IEnumerable<(Tensor X, Tensor? Y)> Enumerate(long pass)
    {
        var random = new Random(unchecked((int)Mix(seed, reshuffle ? pass : 0)));
        var buffer = new List<(Tensor X, Tensor? Y)>(Math.Min(bufferSize, 4096));
        foreach (var element in source.ForPass(pass))
        {
            if (buffer.Count < bufferSize)
            {
                buffer.Add(element);
                continue;
            }
            int pick = random.Next(buffer.Count);
            yield return buffer[pick];
            buffer[pick] = element;
        }
        while (buffer.Count > 0)
        {
            int pick = random.Next(buffer.Count);
            yield return buffer[pick];
            buffer[pick] = buffer[^1];
            buffer.RemoveAt(buffer.Count - 1);
        }
    }
}

internal sealed class MapDataset(Dataset source, Func<(Tensor X, Tensor? Y), (Tensor X, Tensor? Y)> function) : Dataset
{
    public override long Cardinality => source.Cardinality;

    private protected override IEnumerable<(Tensor X, Tensor? Y)> Enumerate(long pass)
        => source.ForPass(pass).Select(function);
}

internal sealed class TakeSkipDataset(Dataset source, long count, bool take) : Dataset
{
    public override long Cardinality => source.Cardinality == Infinite ? (take ? count : Infinite)
        : take ? Math.Min(count, source.Cardinality) : Math.Max(0, source.Cardinality - count);

    private protected override IEnumerable<(Tensor X, Tensor? Y)> Enumerate(long pass)
    {
        long index = 0;
        foreach (var element in source.ForPass(pass))
        {
            if (take && index >= count)
            {
                yield break;
            }
            if (take || index >= count)
            {
                yield return element;
            }
            index++;
        }
    }
}

internal sealed class RepeatDataset(Dataset source, int? count) : Dataset
{
    public override long Cardinality => count is null ? (source.Cardinality == 0 ? 0 : Infinite)
        : source.Cardinality == Infinite ? Infinite : source.Cardinality * count.Value;

    private protected override IEnumerable<(Tensor X, Tensor? Y)> Enumerate(long pass)
    {
        for (long r = 0; count is null || r < count; r++)
        {
            bool any = false;
            foreach (var element in source.ForPass(Mix(pass, r)))
            {
                any = true;
                yield return element;
            }
            if (!any)
            {
                // NOTE: repeating an empty dataset forever would spin without yielding; tf.data stops too.
                yield break;
            }
        }
    }
}
