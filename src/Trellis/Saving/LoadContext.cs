namespace Trellis.Saving;

/// <summary>What one load may do: which custom types it may create, whether unregistered types may be looked up, and how
/// many weight elements the archive can plausibly hold (configs asking for more are rejected before allocating).</summary>
internal sealed class LoadContext(IReadOnlyDictionary<string, Type>? customObjects, bool safeMode, long maxElements)
{
    public IReadOnlyDictionary<string, Type>? CustomObjects { get; } = customObjects;

    public bool SafeMode { get; } = safeMode;

    /// <summary>An upper bound on the elements of any one shape and of all weights together.</summary>
    public long MaxElements { get; } = maxElements;

    private long _charged;

    /// <summary>Counts <paramref name="elements"/> weight elements against the bound; fails naming <paramref name="what"/> when exceeded.</summary>
    public void Charge(double elements, string what)
    {
        _charged += (long)Math.Min(elements, long.MaxValue / 2);
        if (elements > MaxElements || _charged > MaxElements)
        {
            throw new TrellisFormatException(
                $"{what} asks for {elements:0} weight elements, but the archive's weights can hold at most {MaxElements}: the config does not match the weights (the file was edited or is corrupt).");
        }
    }
}
