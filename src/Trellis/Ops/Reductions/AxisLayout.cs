namespace Trellis.Operations;

/// <summary>A shape seen as (outer, axisLength, inner) around one axis, as the single-axis kernels index it.</summary>
internal readonly record struct AxisLayout(int Outer, int AxisLength, int Inner)
{
    /// <summary>Splits <paramref name="shape"/> around <paramref name="axis"/> (already normalized).</summary>
    public static AxisLayout Of(Shape shape, int axis)
    {
        ReadOnlySpan<int> dims = shape.Dims;
        int outer = 1, inner = 1;
        for (int i = 0; i < axis; i++)
        {
            outer *= dims[i];
        }
        for (int i = axis + 1; i < dims.Length; i++)
        {
            inner *= dims[i];
        }
        return new AxisLayout(outer, dims[axis], inner);
    }
}
