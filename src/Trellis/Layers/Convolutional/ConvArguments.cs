namespace Trellis.Layers;

/// <summary>Validation and layout helpers shared by the convolution and pooling layers.</summary>
internal static class ConvArguments
{
    /// <summary>Expands one value to <paramref name="rank"/> values, or checks there are exactly that many; all positive.</summary>
    public static int[] Tuple(string layer, string what, int[]? values, int rank, int fallback)
    {
        if (values is null || values.Length == 0)
        {
            return Enumerable.Repeat(fallback, rank).ToArray();
        }
        if ((values.Length != 1 && values.Length != rank) || values.Any(v => v <= 0))
        {
            throw new ArgumentException($"{layer} expects {what} as 1 or {rank} positive integers, but received [{string.Join(", ", values)}].", what);
        }
        return values.Length == rank ? [.. values] : Enumerable.Repeat(values[0], rank).ToArray();
    }

    /// <summary>Normalizes a padding name; causal is allowed only where <paramref name="allowCausal"/>.</summary>
    public static string Padding(string layer, string padding, bool allowCausal)
    {
        string p = (padding ?? "").ToLowerInvariant();
        if (p is "valid" or "same" || (allowCausal && p == "causal"))
        {
            return p;
        }
        string allowed = allowCausal ? "\"valid\", \"same\" or \"causal\"" : "\"valid\" or \"same\"";
        throw new ArgumentException($"{layer} expects padding {allowed}, but received \"{padding}\".", nameof(padding));
    }

    /// <summary>Normalizes a data format name.</summary>
    public static string DataFormat(string layer, string? dataFormat)
    {
        string f = (dataFormat ?? "channels_last").ToLowerInvariant();
        if (f is "channels_last" or "channels_first")
        {
            return f;
        }
        throw new ArgumentException($"{layer} expects data_format \"channels_last\" or \"channels_first\", but received \"{dataFormat}\".", nameof(dataFormat));
    }

    /// <summary>Moves the channel axis from position 1 to last (channels_first input to the kernels' layout).</summary>
    public static Tensor ToChannelsLast(Tensor x) => x.Rank switch
    {
        3 => Ops.Transpose(x, [0, 2, 1]),
        4 => Ops.Transpose(x, [0, 2, 3, 1]),
        _ => throw new ArgumentException($"Expected a rank 3 or 4 input, but received shape {x.Shape}."),
    };

    /// <summary>Moves the channel axis from last back to position 1.</summary>
    public static Tensor ToChannelsFirst(Tensor x) => x.Rank switch
    {
        3 => Ops.Transpose(x, [0, 2, 1]),
        4 => Ops.Transpose(x, [0, 3, 1, 2]),
        _ => throw new ArgumentException($"Expected a rank 3 or 4 input, but received shape {x.Shape}."),
    };

    public static List<object?> List(int[] values) => [.. values.Select(v => (object?)v)];
}
