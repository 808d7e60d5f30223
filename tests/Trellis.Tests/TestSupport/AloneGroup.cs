namespace Trellis.Tests.TestSupport;

/// <summary>
/// Tests that measure process-wide GC behavior (collections, bytes allocated between them): they run after the
/// parallel tests, one at a time, so no other test's allocations or live tensors shift what they measure.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AloneGroup
{
    /// <summary>The collection's name.</summary>
    public const string Name = "Tests that run alone";
}
