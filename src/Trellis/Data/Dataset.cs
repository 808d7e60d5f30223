using System.Collections;

namespace Trellis.Data;

/// <summary>
/// An input pipeline of (x, y) elements in the manner of <c>tf.data.Dataset</c>: built from tensors with
/// <see cref="FromTensorSlices"/>, then transformed with <see cref="Batch"/>, <see cref="Shuffle"/>, <see cref="Map"/>,
/// <see cref="Take"/>, <see cref="Skip"/>, <see cref="Repeat"/> and <see cref="Prefetch"/>. Each transformation returns a
/// new dataset; the source tensors are never copied until an element is produced.
/// </summary>
/// <remarks>
/// <para>
/// Enumerating a dataset is one pass (an "epoch"). Each call to <see cref="GetEnumerator"/> starts the next pass, so
/// a shuffled dataset gives a new order on each pass, as <c>reshuffle_each_iteration=True</c> does in TensorFlow. The
/// order depends only on the seed and the pass number: <see cref="ForEpoch"/> replays pass <c>n</c> exactly, which is
/// what a training loop resuming at <c>initialEpoch</c> needs.
/// </para>
/// <para>
/// <c>Y</c> is null in every element of a dataset built from inputs alone (for <c>Predict</c>).
/// </para>
/// </remarks>
public abstract class Dataset : IEnumerable<(Tensor X, Tensor? Y)>
{
    /// <summary>The <see cref="Cardinality"/> of a dataset that never ends (<see cref="Repeat"/> without a count).</summary>
    public const long Infinite = -1;

    private long _passes;

    /// <summary>The number of elements in one pass, or <see cref="Infinite"/>.</summary>
    public abstract long Cardinality { get; }

    /// <summary>A dataset whose elements are the rows (slices along axis 0) of <paramref name="x"/> and <paramref name="y"/>.</summary>
    /// <param name="x">Inputs, shape (N, ...).</param>
    /// <param name="y">Targets, shape (N, ...), or null for inputs alone.</param>
    /// <returns>A dataset of N elements, each x of shape (...) and y of shape (...).</returns>
    /// <exception cref="ArgumentException">A tensor is a scalar, or x and y have different first dimensions.</exception>
    public static Dataset FromTensorSlices(Tensor x, Tensor? y = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Shape.Rank == 0 || (y is not null && y.Shape.Rank == 0))
        {
            throw new ArgumentException($"FromTensorSlices slices along axis 0, so it needs tensors of rank 1 or more; received x {x.Shape}{(y is null ? "" : $" and y {y.Shape}")}.");
        }
        if (y is not null && y.Shape[0] != x.Shape[0])
        {
            throw new ArgumentException($"FromTensorSlices expects x and y with the same number of rows; received x {x.Shape} and y {y.Shape}. Pass targets with one row per input.", nameof(y));
        }
        return new SliceDataset(x, y);
    }

    /// <summary>Groups consecutive elements into batches, stacking them along a new first axis.</summary>
    /// <param name="batchSize">Elements per batch.</param>
    /// <param name="dropRemainder">Drop a last batch smaller than <paramref name="batchSize"/>.</param>
    /// <returns>A dataset of batches, x of shape (B, ...).</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="batchSize"/> is not positive.</exception>
    public Dataset Batch(int batchSize, bool dropRemainder = false)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        return new BatchDataset(this, batchSize, dropRemainder);
    }

    /// <summary>
    /// Shuffles with a buffer as <c>tf.data</c> does: the buffer is filled with the first <paramref name="bufferSize"/>
    /// elements, then each output is drawn uniformly from the buffer and replaced by the next input.
    /// </summary>
    /// <param name="bufferSize">The buffer size; at least the cardinality gives a uniform shuffle.</param>
    /// <param name="seed">The seed; the same seed and pass number always give the same order.</param>
    /// <param name="reshuffleEachIteration">Draw a new order on each pass (true) or repeat the first pass's order.</param>
    /// <returns>The shuffled dataset.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="bufferSize"/> is not positive.</exception>
    public Dataset Shuffle(int bufferSize, long seed, bool reshuffleEachIteration = true)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bufferSize);
        return new ShuffleDataset(this, bufferSize, seed, reshuffleEachIteration);
    }

    /// <summary>Applies a function to each element.</summary>
    /// <param name="function">Maps (x, y) to a new (x, y).</param>
    /// <returns>The mapped dataset.</returns>
    public Dataset Map(Func<(Tensor X, Tensor? Y), (Tensor X, Tensor? Y)> function)
    {
        ArgumentNullException.ThrowIfNull(function);
        return new MapDataset(this, function);
    }

    /// <summary>The first <paramref name="count"/> elements of each pass.</summary>
    /// <param name="count">How many elements to keep.</param>
    /// <returns>The shortened dataset.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is negative.</exception>
    public Dataset Take(long count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        return new TakeSkipDataset(this, count, take: true);
    }

    /// <summary>Every element of each pass but the first <paramref name="count"/>.</summary>
    /// <param name="count">How many elements to skip.</param>
    /// <returns>The shortened dataset.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is negative.</exception>
    public Dataset Skip(long count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        return new TakeSkipDataset(this, count, take: false);
    }

    /// <summary>Repeats the dataset; each repetition is a new pass of the source (so a shuffle reshuffles).</summary>
    /// <param name="count">The number of repetitions, or null to repeat forever.</param>
    /// <returns>The repeated dataset.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is negative.</exception>
    public Dataset Repeat(int? count = null)
    {
        if (count is < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, "Repeat expects a count of 0 or more, or null to repeat forever.");
        }
        return new RepeatDataset(this, count);
    }

    /// <summary>Produces up to <paramref name="bufferSize"/> elements ahead on a background thread while the consumer works.</summary>
    /// <param name="bufferSize">How many elements may wait in the queue.</param>
    /// <returns>The same elements in the same order.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="bufferSize"/> is not positive.</exception>
    /// <remarks>An exception thrown while producing an element is rethrown to the consumer at that element.</remarks>
    public Dataset Prefetch(int bufferSize = 2)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bufferSize);
        return new PrefetchDataset(this, bufferSize);
    }

    /// <summary>The elements of pass <paramref name="epoch"/> (0-based), the same on every call.</summary>
    /// <param name="epoch">The pass number.</param>
    /// <returns>The elements, in order.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="epoch"/> is negative.</exception>
    public IEnumerable<(Tensor X, Tensor? Y)> ForEpoch(int epoch)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(epoch);
        return Enumerate(epoch);
    }

    /// <summary>Starts the next pass (pass 0 on the first call, then 1, 2...).</summary>
    /// <returns>An enumerator over the pass's elements.</returns>
    public IEnumerator<(Tensor X, Tensor? Y)> GetEnumerator()
        => Enumerate(Interlocked.Increment(ref _passes) - 1).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>The elements of a pass, for the transformations that wrap this dataset.</summary>
    internal IEnumerable<(Tensor X, Tensor? Y)> ForPass(long pass) => Enumerate(pass);

    /// <summary>The elements of one pass.</summary>
    /// <param name="pass">Identifies the pass; transformations that depend on it (shuffling) mix it into their seed.</param>
    /// <returns>The elements.</returns>
    private protected abstract IEnumerable<(Tensor X, Tensor? Y)> Enumerate(long pass);

    /// <summary>Derives the pass number of a nested pass (repetition <paramref name="index"/> of pass <paramref name="pass"/>).</summary>
    private protected static long Mix(long pass, long index)
    {
        // SplitMix64 finalizer: distinct (pass, index) pairs give unrelated child pass numbers.
        ulong z = unchecked((ulong)pass * 0x9E3779B97F4A7C15UL + (ulong)index + 0x632BE59BD9B4E019UL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return unchecked((long)(z ^ (z >> 31)));
    }
}
