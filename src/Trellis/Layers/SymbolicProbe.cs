namespace Trellis.Layers;

/// <summary>
/// Output shapes of multi-input layer calls found by running the layer's own eager code on zeros (unknown sizes set
/// to 1), so the symbolic rule cannot drift from the real one. Axes unknown in the first input stay unknown.
/// </summary>
internal static class SymbolicProbe
{
    public static Shape Run(IReadOnlyList<Shape> inputShapes, DType dtype, Func<IReadOnlyList<Tensor>, Tensor> call)
    {
        var probes = inputShapes.Select(s => Tensor.Zeros(s.ToArray().Select(d => d == Shape.Unknown ? 1 : d).ToArray(), dtype)).ToList();
        var output = call(probes).Shape.ToArray();
        var first = inputShapes[0];
        // The batch axis, and unknown leading axes the output keeps (time steps), stay unknown; the last axis is the layer's own.
        int keep = Math.Min(output.Length, first.Rank);
        for (int a = 0; a < keep; a++)
        {
            if (first[a] == Shape.Unknown && (a == 0 || a < output.Length - 1))
            {
                output[a] = Shape.Unknown;
            }
        }
        return new Shape(output);
    }
}
