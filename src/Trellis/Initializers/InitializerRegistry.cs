namespace Trellis.Initializers;

/// <summary>Resolves Keras initializer names (<c>glorot_uniform</c>, <c>zeros</c>...) and serializes initializers.</summary>
public static class InitializerRegistry
{
    /// <summary>The initializer for a Keras name (snake_case or the class name).</summary>
    /// <param name="name">For example <c>glorot_uniform</c>, <c>he_normal</c>, <c>zeros</c>, <c>Orthogonal</c>.</param>
    /// <returns>A new unseeded initializer with Keras defaults.</returns>
    /// <exception cref="ArgumentException">The name is unknown.</exception>
    public static IInitializer Get(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.Replace("_", "", StringComparison.Ordinal).ToLowerInvariant() switch
        {
            "glorotuniform" => new GlorotUniform(),
            "glorotnormal" => new GlorotNormal(),
            "heuniform" => new HeUniform(),
            "henormal" => new HeNormal(),
            "lecununiform" => new LecunUniform(),
            "lecunnormal" => new LecunNormal(),
            "randomnormal" or "normal" => new RandomNormal(),
            "randomuniform" or "uniform" => new RandomUniform(),
            "truncatednormal" => new TruncatedNormal(),
            "zeros" or "zero" => new Zeros(),
            "ones" or "one" => new Ones(),
            "constant" => new Constant(),
            "orthogonal" => new Orthogonal(),
            "identity" => new Identity(),
            "variancescaling" => new VarianceScaling(),
            _ => throw new ArgumentException($"Unknown initializer '{name}'. Expected one of: glorot_uniform, glorot_normal, he_uniform, he_normal, lecun_uniform, lecun_normal, random_normal, random_uniform, truncated_normal, zeros, ones, constant, orthogonal, identity, variance_scaling.", nameof(name)),
        };
    }

    /// <summary>Keras 3's serialized form: <c>{module, class_name, config, registered_name}</c>.</summary>
    /// <param name="initializer">The initializer.</param>
    /// <returns>A new dictionary.</returns>
    public static Dictionary<string, object?> Serialize(IInitializer initializer)
    {
        ArgumentNullException.ThrowIfNull(initializer);
        return new()
        {
            ["module"] = "keras.initializers",
            ["class_name"] = initializer.ClassName,
            ["config"] = initializer.GetConfig(),
            ["registered_name"] = null,
        };
    }
}
