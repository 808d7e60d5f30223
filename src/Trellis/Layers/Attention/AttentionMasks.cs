namespace Trellis.Layers;

/// <summary>Mask helpers shared by the attention layers. Masks are bool tensors where true means "may attend".</summary>
internal static class AttentionMasks
{
    /// <summary>Keras's large negative adder for masked logits (float32 and float64).</summary>
    public const double LargeNegative = -1e9;

    /// <summary>A bool mask from bool or numeric input (nonzero keeps), or null.</summary>
    public static Tensor? ToBool(Tensor? mask) =>
        mask is null || mask.DType == DType.Bool ? mask : Ops.NotEqual(mask, Tensor.Zeros([], mask.DType));

    /// <summary>
    /// Keras's causal mask (1, Tq, Tv): query step i may attend to key step j when j ≤ i (row index ≥ column index,
    /// both counted from the top-left corner, as Keras's cumulative-sum construction does).
    /// </summary>
    public static Tensor Causal(int queryLength, int valueLength)
    {
        var data = new bool[queryLength * valueLength];
        for (int i = 0; i < queryLength; i++)
        {
            for (int j = 0; j < valueLength; j++)
            {
                data[i * valueLength + j] = i >= j;
            }
        }
        return Tensor.Constant(data, [1, queryLength, valueLength]);
    }

    /// <summary>The logical and of the non-null masks (broadcast), or null when all are null.</summary>
    public static Tensor? And(params Tensor?[] masks)
    {
        Tensor? result = null;
        foreach (Tensor? m in masks)
        {
            if (m is not null)
            {
                result = result is null ? m : Ops.LogicalAnd(result, m);
            }
        }
        return result;
    }

    /// <summary>Softmax over the last axis where masked logits get <see cref="LargeNegative"/> added (Keras's Softmax layer).</summary>
    public static Tensor MaskedSoftmax(Tensor scores, Tensor? mask)
    {
        if (mask is not null)
        {
            scores += (1.0 - Ops.Cast(mask, scores.DType)) * LargeNegative;
        }
        return Ops.Softmax(scores, axis: -1);
    }

    /// <summary>Throws unless <paramref name="mask"/> is null or has <paramref name="expected"/> shape.</summary>
    public static void CheckShape(Layer layer, string what, Tensor? mask, Shape expected)
    {
        if (mask is not null && mask.Shape != expected)
        {
            throw new ArgumentException($"Layer '{layer.Name}' expected {what} of shape {expected}, but received {mask.Shape}.", what);
        }
    }
}
