using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;

namespace Trellis.Data;

/// <summary>Runs the source on a background thread, at most <c>bufferSize</c> elements ahead of the consumer.</summary>
internal sealed class PrefetchDataset(Dataset source, int bufferSize) : Dataset
{
    public override long Cardinality => source.Cardinality;

    private protected override IEnumerable<(Tensor X, Tensor? Y)> Enumerate(long pass)
    {
        using var queue = new BlockingCollection<Item>(bufferSize);
        using var stop = new CancellationTokenSource();
        var producer = new Thread(() => Produce(pass, queue, stop.Token)) { IsBackground = true, Name = "Trellis Dataset.Prefetch" };
        producer.Start();
        try
        {
            foreach (var item in queue.GetConsumingEnumerable())
            {
                item.Error?.Throw();
                yield return item.Element;
            }
        }
        finally
        {
            // The consumer may stop early (Take, break, an exception): release a producer blocked on a full queue.
            stop.Cancel();
            producer.Join();
        }
    }

    private void Produce(long pass, BlockingCollection<Item> queue, CancellationToken stop)
    {
        try
        {
            foreach (var element in source.ForPass(pass))
            {
                queue.Add(new Item(element, null), stop);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            return;
        }
#pragma warning disable CA1031 // Any producer failure is handed to the consumer, which rethrows it.
        catch (Exception e)
#pragma warning restore CA1031
        {
            try
            {
                queue.Add(new Item(default, ExceptionDispatchInfo.Capture(e)), stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
        queue.CompleteAdding();
    }

    private readonly record struct Item((Tensor X, Tensor? Y) Element, ExceptionDispatchInfo? Error);
}
