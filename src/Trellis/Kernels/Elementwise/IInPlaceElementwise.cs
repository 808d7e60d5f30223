namespace Trellis.Kernels.Elementwise;

/// <summary>An element-wise function applied in place to a span (what a kernel's epilogue runs, e.g. relu).</summary>
internal interface IInPlaceElementwise
{
    /// <summary>Applies the function to every element of <paramref name="buffer"/>, in place.</summary>
    void ApplyInPlace(Span<float> buffer);

    /// <summary>Applies the function to every element of <paramref name="buffer"/>, in place.</summary>
    void ApplyInPlace(Span<double> buffer);
}
