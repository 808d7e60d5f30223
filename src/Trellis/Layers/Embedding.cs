using Trellis.Initializers;

namespace Trellis.Layers;

/// <summary>Maps integer ids to dense vectors (Keras <c>Embedding</c>): output[..., :] = embeddings[id].</summary>
/// <remarks>Weight <c>embeddings</c> of shape (inputDim, outputDim), initialized uniform in [-0.05, 0.05).</remarks>
public sealed class Embedding : Layer
{
    private readonly Variable _embeddings;

    /// <summary>Creates the layer.</summary>
    /// <param name="inputDim">The vocabulary size: ids are in [0, inputDim).</param>
    /// <param name="outputDim">The vector size.</param>
    /// <param name="embeddingsInitializer">Initializer name for the table.</param>
    /// <param name="inputShape">The input shape without the batch axis, when this is a model's first layer.</param>
    /// <param name="name">The layer name; <c>embedding</c>... by default.</param>
    /// <param name="dtype">float32 or float64.</param>
    /// <param name="maskZero">Treat index 0 as padding: recurrent layers after it in a Sequential skip those steps.</param>
    /// <exception cref="ArgumentException">A dimension is not positive.</exception>
    public Embedding(int inputDim, int outputDim, string embeddingsInitializer = "uniform", Shape? inputShape = null, string? name = null, DType dtype = DType.Float32, bool maskZero = false)
        : base(name, dtype)
    {
        if (inputDim <= 0 || outputDim <= 0)
        {
            throw new ArgumentException($"Embedding expects positive dimensions, but received inputDim {inputDim} and outputDim {outputDim}.");
        }
        InputDim = inputDim;
        MaskZero = maskZero;
        OutputDim = outputDim;
        DeclaredInputShape = inputShape;
        _embeddings = AddWeight("embeddings", [inputDim, outputDim], embeddingsInitializer);
    }

    /// <summary>The vocabulary size.</summary>
    public int InputDim { get; }

    /// <summary>Whether index 0 is padding: <see cref="ComputeMask"/> then marks it invalid for the layers that follow.</summary>
    public bool MaskZero { get; }

    /// <summary>The (batch, time) mask of non-padding positions (index != 0) when <see cref="MaskZero"/> is set, else null.</summary>
    /// <param name="inputs">The integer indices given to the layer.</param>
    public Tensor? ComputeMask(Tensor inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        return MaskZero ? Ops.NotEqual(inputs, Ops.ZerosLike(inputs)) : null;
    }

    /// <summary>The vector size.</summary>
    public int OutputDim { get; }

    /// <summary>The table, shape (inputDim, outputDim).</summary>
    public Variable Embeddings => _embeddings;

    /// <inheritdoc/>
    protected override Tensor Call(Tensor inputs)
        => Ops.Gather(_embeddings, inputs.DType is DType.Int32 or DType.Int64 ? inputs : Ops.Cast(inputs, DType.Int32), 0);

    /// <inheritdoc/>
    public override Shape ComputeOutputShape(Shape inputShape) => new([.. inputShape.ToArray(), OutputDim]);

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["input_dim"] = InputDim;
        config["output_dim"] = OutputDim;
        config["embeddings_initializer"] = InitializerRegistry.Serialize(new RandomUniform());
        config["mask_zero"] = MaskZero;
        return config;
    }
}
