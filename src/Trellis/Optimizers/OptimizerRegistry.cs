namespace Trellis.Optimizers;

/// <summary>Resolves Keras optimizer names (<c>adam</c>, <c>sgd</c>, <c>rmsprop</c>).</summary>
public static class OptimizerRegistry
{
    /// <summary>A new optimizer with Keras defaults for a name.</summary>
    /// <param name="name"><c>adam</c>, <c>adamw</c>, <c>sgd</c>, <c>rmsprop</c>, <c>adagrad</c>, <c>adamax</c> or <c>nadam</c>, case-insensitive.</param>
    /// <returns>The optimizer.</returns>
    /// <exception cref="ArgumentException">The name is unknown.</exception>
    public static Optimizer Get(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.ToLowerInvariant() switch
        {
            "adam" => new Adam(),
            "adamw" => new AdamW(),
            "sgd" => new SGD(),
            "rmsprop" => new RMSprop(),
            "adagrad" => new Adagrad(),
            "adamax" => new Adamax(),
            "nadam" => new Nadam(),
            _ => throw new ArgumentException($"Unknown optimizer '{name}'. Expected one of: adam, adamw, sgd, rmsprop, adagrad, adamax, nadam.", nameof(name)),
        };
    }
}
