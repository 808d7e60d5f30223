namespace Trellis.Operations;

/// <summary>Chooses between the fast kernels and the plain reference kernels (the oracle tests compare against).</summary>
internal static class KernelMode
{
    [ThreadStatic]
    private static bool t_reference;

    /// <summary>True while reference kernels are forced on this thread.</summary>
    public static bool UseReference => t_reference;

    /// <summary>Forces reference kernels on this thread until disposed.</summary>
    public static IDisposable Reference()
    {
        bool previous = t_reference;
        t_reference = true;
        return new Restore(previous);
    }

    private sealed class Restore(bool previous) : IDisposable
    {
        public void Dispose() => t_reference = previous;
    }
}
