namespace Trellis.Tests.TestSupport;

/// <summary>
/// Test classes that change the global <see cref="Threading.MaxThreads"/>: one xunit collection, so they never run at
/// the same time as each other (one class's setting would change what the other measures).
/// </summary>
[CollectionDefinition(Name)]
public sealed class ThreadCountGroup
{
    /// <summary>The collection's name.</summary>
    public const string Name = "Tests that change Threading.MaxThreads";
}
