namespace Trellis.Internal;

/// <summary>
/// The body of a parallel loop over a range of indices, as a struct: <see cref="Parallelism.For{TBody}"/> runs it on
/// the pool's workers without allocating a closure or a delegate.
/// </summary>
internal interface IRangeBody
{
    /// <summary>Processes indices [start, end).</summary>
    void Run(int start, int end);
}
