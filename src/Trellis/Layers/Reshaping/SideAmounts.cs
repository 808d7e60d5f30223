namespace Trellis.Layers;

/// <summary>Parses Keras's padding/cropping forms into (top, bottom, left, right).</summary>
internal static class SideAmounts
{
    public static int[] Parse(string layer, string what, int[] values)
    {
        if (values.Any(v => v < 0) || values.Length is not (1 or 2 or 4))
        {
            throw new ArgumentException($"{layer} expects {what} as 1, 2 or 4 non-negative integers, but received [{string.Join(", ", values)}].", what);
        }
        return values.Length switch
        {
            1 => [values[0], values[0], values[0], values[0]],
            2 => [values[0], values[0], values[1], values[1]],
            _ => [.. values],
        };
    }

    /// <summary>Keras 3's config form: ((top, bottom), (left, right)).</summary>
    public static List<object?> Config(IReadOnlyList<int> sides) =>
        [new List<object?> { sides[0], sides[1] }, new List<object?> { sides[2], sides[3] }];
}
