namespace Trellis.Regularizers;

/// <summary>A penalty on a weight, added to the training loss (Keras regularizer).</summary>
public interface IRegularizer
{
    /// <summary>The Keras class name (<c>L1</c>, <c>L2</c>, <c>L1L2</c>).</summary>
    string ClassName { get; }

    /// <summary>The penalty for <paramref name="weight"/>: a scalar of its dtype, differentiable.</summary>
    /// <param name="weight">The weight.</param>
    /// <returns>A scalar tensor.</returns>
    Tensor Compute(Tensor weight);

    /// <summary>The Keras 3 config.</summary>
    /// <returns>A new dictionary.</returns>
    Dictionary<string, object?> GetConfig();
}
