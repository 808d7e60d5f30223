namespace Trellis.Saving;

/// <summary>What one load may do: which custom types it may create, whether unregistered types may be looked up, and how
/// many weight elements the archive can plausibly hold (configs asking for more are rejected before allocating).</summary>
internal sealed class LoadContext(IReadOnlyDictionary<string, Type>? customObjects, bool safeMode, long maxElements)
{
    public IReadOnlyDictionary<string, Type>? CustomObjects { get; } = customObjects;

    public bool SafeMode { get; } = safeMode;

    /// <summary>An upper bound on the elements of any one shape and of all weights together.</summary>
    public long MaxElements { get; } = maxElements;

    private readonly HashSet<object> _charged = new(ReferenceEqualityComparer.Instance);
    private double _total;

    /// <summary>Counts the <paramref name="elements"/> weight elements <paramref name="owner"/> will create against the bound (once per owner); fails naming <paramref name="what"/>.</summary>
    public void Charge(object owner, double elements, string what)
    {
        if (!_charged.Add(owner))
        {
            return;
        }
        _total += elements;
        if (elements > MaxElements || _total > MaxElements)
        {
            throw new TrellisFormatException(
                $"{what} asks for {elements:0} weight elements, but the archive's weights can hold at most {MaxElements}: the config does not match the weights (the file was edited or is corrupt).");
        }
    }
}
