using System.Collections;
using System.Collections.Concurrent;

namespace Trellis.Data;

/// <summary>
/// A lazy, re-iterable input pipeline (tf.data style): each enumeration runs the pipeline again from its source,
/// so a dataset can feed several epochs. Create one with <see cref="Dataset.FromTensorSlices(Tensor, Tensor)"/>.
/// </summary>
/// <typeparam name="T">The element type: a tensor, or an (x, y) pair of tensors.</typeparam>
public sealed class Dataset<T> : IEnumerable<T>
{
    private readonly Func<IEnumerable<T>> _source;

    internal Dataset(Func<IEnumerable<T>> source) => _source = source;

    /// <summary>Applies <paramref name="map"/> to each element.</summary>
    /// <typeparam name="TOut">The new element type.</typeparam>
    /// <param name="map">The function.</param>
    /// <returns>A new dataset.</returns>
    public Dataset<TOut> Map<TOut>(Func<T, TOut> map)
    {
        ArgumentNullException.ThrowIfNull(map);
        return new(() => _source().Select(map));
    }

    /// <summary>The first <paramref name="count"/> elements.</summary>
    /// <param name="count">How many.</param>
    /// <returns>A new dataset.</returns>
    public Dataset<T> Take(int count) => new(() => _source().Take(count));

    /// <summary>All but the first <paramref name="count"/> elements.</summary>
    /// <param name="count">How many to skip.</param>
    /// <returns>A new dataset.</returns>
    public Dataset<T> Skip(int count) => new(() => _source().Skip(count));

    /// <summary>The elements repeated <paramref name="count"/> times, or forever when null.</summary>
    /// <param name="count">Repetitions, or null for an endless dataset.</param>
    /// <returns>A new dataset.</returns>
    public Dataset<T> Repeat(int? count = null) => new(() => RepeatCore(count));

    /// <summary>Shuffles with a buffer of <paramref name="bufferSize"/> elements (tf.data's algorithm); a new order each pass.</summary>
    /// <param name="bufferSize">The buffer size; the dataset's size or more gives a uniform shuffle.</param>
    /// <param name="seed">Seed of the first pass (later passes continue the generator); null draws one.</param>
    /// <returns>A new dataset.</returns>
    public Dataset<T> Shuffle(int bufferSize, long? seed = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bufferSize);
        var random = new Random(unchecked((int)(seed ?? Random.Shared.NextInt64())));
        return new(() => ShuffleCore(bufferSize, random));
    }

    /// <summary>Produces up to <paramref name="bufferSize"/> elements ahead on a background thread.</summary>
    /// <param name="bufferSize">How many elements to prepare ahead.</param>
    /// <returns>A new dataset.</returns>
    public Dataset<T> Prefetch(int bufferSize = 2)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bufferSize);
        return new(() => PrefetchCore(bufferSize));
    }

    /// <inheritdoc/>
    public IEnumerator<T> GetEnumerator() => _source().GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private IEnumerable<T> RepeatCore(int? count)
    {
        for (int i = 0; count is null || i < count; i++)
        {
            foreach (var item in _source())
            {
                yield return item;
            }
        }
    }

    private IEnumerable<T> ShuffleCore(int bufferSize, Random random)
    {
        var buffer = new List<T>(bufferSize);
        foreach (var item in _source())
        {
            if (buffer.Count < bufferSize)
            {
                buffer.Add(item);
                continue;
            }
            int k = random.Next(buffer.Count);
            yield return buffer[k];
            buffer[k] = item;
        }
        while (buffer.Count > 0)
        {
            int k = random.Next(buffer.Count);
            yield return buffer[k];
            buffer[k] = buffer[^1];
            buffer.RemoveAt(buffer.Count - 1);
        }
    }

    private IEnumerable<T> PrefetchCore(int bufferSize)
    {
        using var queue = new BlockingCollection<T>(bufferSize);
        using var cancel = new CancellationTokenSource();
        Exception? failure = null;
        var producer = Task.Run(() =>
        {
            try
            {
                foreach (var item in _source())
                {
                    queue.Add(item, cancel.Token);
                }
            }
            catch (OperationCanceledException)
            {
            }
#pragma warning disable CA1031 // The producer's exception is rethrown on the consumer's thread.
            catch (Exception e)
#pragma warning restore CA1031
            {
                failure = e;
            }
            finally
            {
                queue.CompleteAdding();
            }
        });
        try
        {
            foreach (var item in queue.GetConsumingEnumerable())
            {
                yield return item;
            }
            if (failure is not null)
            {
                throw new InvalidOperationException("The dataset pipeline failed on the prefetch thread: " + failure.Message, failure);
            }
        }
        finally
        {
            cancel.Cancel();
            producer.Wait();
        }
    }
}
