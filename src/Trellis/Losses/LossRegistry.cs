namespace Trellis.Losses;

/// <summary>Resolves Keras loss names (<c>categorical_crossentropy</c>, <c>mse</c>...).</summary>
public static class LossRegistry
{
    /// <summary>The loss for a Keras name or alias.</summary>
    /// <param name="name">For example <c>categorical_crossentropy</c>, <c>sparse_categorical_crossentropy</c>, <c>binary_crossentropy</c>, <c>mse</c>, <c>huber</c>.</param>
    /// <returns>A new loss with Keras defaults.</returns>
    /// <exception cref="ArgumentException">The name is unknown.</exception>
    public static Loss Get(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.Replace("_", "", StringComparison.Ordinal).ToLowerInvariant() switch
        {
            "categoricalcrossentropy" => new CategoricalCrossentropy(),
            "sparsecategoricalcrossentropy" => new SparseCategoricalCrossentropy(),
            "binarycrossentropy" => new BinaryCrossentropy(),
            "mse" or "meansquarederror" => new MeanSquaredError(),
            "mae" or "meanabsoluteerror" => new MeanAbsoluteError(),
            "mape" or "meanabsolutepercentageerror" => new MeanAbsolutePercentageError(),
            "msle" or "meansquaredlogarithmicerror" => new MeanSquaredLogarithmicError(),
            "huber" or "huberloss" => new Huber(),
            "logcosh" => new LogCosh(),
            "kld" or "kldivergence" or "kullbackleiblerdivergence" => new KLDivergence(),
            "poisson" => new Poisson(),
            "hinge" => new Hinge(),
            "squaredhinge" => new SquaredHinge(),
            "cosinesimilarity" => new CosineSimilarity(),
            _ => throw new ArgumentException($"Unknown loss '{name}'. Expected one of: categorical_crossentropy, sparse_categorical_crossentropy, binary_crossentropy, mean_squared_error (mse), mean_absolute_error (mae), mean_absolute_percentage_error (mape), mean_squared_logarithmic_error (msle), huber, log_cosh, kl_divergence (kld), poisson, hinge, squared_hinge, cosine_similarity.", nameof(name)),
        };
    }
}
