namespace Trellis.Tests.TestSupport;

/// <summary>
/// Test classes that measure what the global tensor pool saves or change its bound: one xunit collection, so one
/// class's lowered bound never makes another's pooled arrays disappear mid-measurement.
/// </summary>
[CollectionDefinition(Name)]
public sealed class TensorPoolGroup
{
    /// <summary>The collection's name.</summary>
    public const string Name = "Tests that measure or bound the TensorScope pool";
}
