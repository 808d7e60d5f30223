using Trellis.Initializers;
using Trellis.Regularizers;
using Trellis.Tracking;

namespace Trellis.Layers;

/// <summary>
/// The base of every layer and model: a callable unit of computation that owns weights, as a Keras <c>Layer</c>.
/// </summary>
/// <remarks>
/// <para>Lifecycle (enforced): the constructor stores the configuration and may create weights whose shape it knows;
/// <see cref="Build"/> runs once, on the first <see cref="Apply(Tensor, bool)"/>, with the input shape, and creates the
/// remaining weights; <see cref="Call(Tensor)"/> computes the output. After <see cref="Build"/> the set of weights is
/// locked: <see cref="AddWeight(string, Shape, string, IRegularizer?, bool, DType?)"/> then throws.</para>
/// <para>Tracking: each weight is a child named as given to <c>AddWeight</c> (so its checkpoint key ends in
/// <c>kernel</c>, <c>bias</c>...). Sub-layers held in fields, lists, arrays or string-keyed dictionaries are found
/// automatically and their weights appear in <see cref="Variables"/> after this layer's own.</para>
/// </remarks>
public abstract partial class Layer : Trackable
{
    [NotTracked]
    private readonly List<Variable> _ownWeights = [];

    [NotTracked]
    private readonly List<(Variable Weight, IRegularizer Regularizer)> _regularized = [];

    private bool _built;

    /// <summary>Creates a layer.</summary>
    /// <param name="name">Unique name; by default the snake_case class name with a counter (<c>dense</c>, <c>dense_1</c>...).</param>
    /// <param name="dtype">The dtype of the weights and of floating inputs (inputs are cast to it).</param>
    protected Layer(string? name = null, DType dtype = DType.Float32)
    {
        if (!dtype.IsFloating())
        {
            throw new ArgumentException($"A layer's dtype must be float32 or float64, but received {dtype.Name()}.", nameof(dtype));
        }
        Name = name ?? LayerNames.Unique(LayerNames.SnakeCase(GetType().Name));
        DType = dtype;
    }

    /// <summary>The layer's name (unique per process unless given explicitly).</summary>
    public string Name { get; }

    /// <summary>The dtype of the weights and of the computation.</summary>
    public DType DType { get; }

    /// <summary>Whether <see cref="Build"/> has run.</summary>
    public bool Built => _built;

    /// <summary>The input shape the layer was built with (unknown dimensions are -1); null before building.</summary>
    public Shape? BuildInputShape { get; private set; }

    /// <summary>
    /// Whether the weights are trained. False freezes the layer and all its sub-layers: their weights move to
    /// <see cref="NonTrainableVariables"/>.
    /// </summary>
    public bool Trainable { get; set; } = true;

    /// <summary>The input shape without the batch axis given to the constructor (<c>inputShape: [784]</c>), or null.</summary>
    /// <remarks>A <c>Sequential</c> model whose first layer declares it builds immediately.</remarks>
    public Shape? DeclaredInputShape { get; protected init; }

    /// <summary>Checks applied to the input on every call (rank, sizes of given axes); null for none.</summary>
    protected InputSpec? InputSpec { get; set; }

    /// <summary>Runs the layer on <paramref name="inputs"/>, building it first if needed.</summary>
    /// <param name="inputs">The input batch; floating inputs are cast to <see cref="DType"/>.</param>
    /// <param name="training">True during training (Dropout drops, BatchNormalization uses batch statistics).</param>
    /// <returns>The output of <see cref="Call(Tensor, bool)"/>.</returns>
    /// <exception cref="ArgumentException">The input does not satisfy the layer's <see cref="InputSpec"/>.</exception>
    public Tensor Apply(Tensor inputs, bool training = false)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        if (inputs.DType.IsFloating() && inputs.DType != DType)
        {
            inputs = Ops.Cast(inputs, DType);
        }
        InputSpec?.Check(this, inputs.Shape);
        EnsureBuilt(inputs.Shape);
        return Call(inputs, training);
    }

    /// <summary>Builds the layer for <paramref name="inputShape"/> if it is not built yet.</summary>
    /// <param name="inputShape">The full input shape, batch axis first (-1 where unknown).</param>
    public void EnsureBuilt(Shape inputShape)
    {
        if (_built)
        {
            return;
        }
        InputSpec?.Check(this, inputShape);
        Build(inputShape);
        _built = true;
        BuildInputShape = inputShape;
    }

    /// <summary>Creates the weights that depend on the input shape. Runs once, before the first call.</summary>
    /// <param name="inputShape">The full input shape, batch axis first (-1 where unknown).</param>
    protected virtual void Build(Shape inputShape)
    {
    }

    /// <summary>The forward computation.</summary>
    /// <param name="inputs">The input batch, already cast and checked.</param>
    /// <returns>The output batch.</returns>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1716", Justification = "Keras vocabulary: Call is the name in the API contract (API.md story 2).")]
    protected abstract Tensor Call(Tensor inputs);

    /// <summary>The forward computation for layers that behave differently in training (Dropout, BatchNormalization).</summary>
    /// <param name="inputs">The input batch.</param>
    /// <param name="training">True during training.</param>
    /// <returns>The output batch. The default ignores <paramref name="training"/> and calls <see cref="Call(Tensor)"/>.</returns>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1716", Justification = "Keras vocabulary: Call is the name in the API contract (API.md story 2).")]
    protected virtual Tensor Call(Tensor inputs, bool training) => Call(inputs);

    /// <summary>The output shape for an input shape (unknown dimensions are -1).</summary>
    /// <param name="inputShape">The full input shape, batch axis first.</param>
    /// <returns>The output shape. The default builds the layer and runs it on zeros with unknown dimensions set to 1.</returns>
    public virtual Shape ComputeOutputShape(Shape inputShape)
    {
        var concrete = inputShape.ToArray();
        for (int i = 0; i < concrete.Length; i++)
        {
            concrete[i] = concrete[i] == Shape.Unknown ? 1 : concrete[i];
        }
        EnsureBuilt(inputShape);
        var output = Call(Tensor.Zeros(concrete, DType), training: false).Shape.ToArray();
        if (inputShape.Rank > 0 && output.Length > 0 && inputShape[0] == Shape.Unknown)
        {
            output[0] = Shape.Unknown;
        }
        return output;
    }

    /// <summary>Creates a weight of this layer, tracked under <paramref name="name"/>.</summary>
    /// <param name="name">The weight's name inside the layer (<c>kernel</c>, <c>bias</c>); becomes its checkpoint key.</param>
    /// <param name="shape">The weight's shape.</param>
    /// <param name="initializer">A Keras initializer name (<c>glorot_uniform</c>, <c>zeros</c>, <c>random_normal</c>...).</param>
    /// <param name="regularizer">A penalty added to the training loss, or null.</param>
    /// <param name="trainable">Whether optimizers update it.</param>
    /// <param name="dtype">The dtype; the layer's <see cref="DType"/> when null.</param>
    /// <returns>The new variable.</returns>
    /// <exception cref="InvalidOperationException">The layer is already built: its weights are locked.</exception>
    /// <exception cref="ArgumentException">The name is already used, or the initializer name is unknown.</exception>
    protected Variable AddWeight(string name, Shape shape, string initializer = "glorot_uniform", IRegularizer? regularizer = null, bool trainable = true, DType? dtype = null)
        => AddWeight(name, shape, InitializerRegistry.Get(initializer), regularizer, trainable, dtype);

    /// <summary>Creates a weight of this layer from an initializer object, tracked under <paramref name="name"/>.</summary>
    /// <param name="name">The weight's name inside the layer; becomes its checkpoint key.</param>
    /// <param name="shape">The weight's shape.</param>
    /// <param name="initializer">Produces the initial value.</param>
    /// <param name="regularizer">A penalty added to the training loss, or null.</param>
    /// <param name="trainable">Whether optimizers update it.</param>
    /// <param name="dtype">The dtype; the layer's <see cref="DType"/> when null.</param>
    /// <returns>The new variable.</returns>
    /// <exception cref="InvalidOperationException">The layer is already built: its weights are locked.</exception>
    /// <exception cref="ArgumentException">The name is already used by another weight of this layer.</exception>
    protected Variable AddWeight(string name, Shape shape, IInitializer initializer, IRegularizer? regularizer = null, bool trainable = true, DType? dtype = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(initializer);
        if (_built)
        {
            throw new InvalidOperationException($"Layer '{Name}' is already built, so it cannot add the weight '{name}': weights are locked after Build. Create weights in the constructor or in Build(Shape).");
        }
        if (!shape.IsFullyDefined)
        {
            throw new ArgumentException($"Layer '{Name}': the weight '{name}' needs a fully defined shape, but received {shape}.", nameof(shape));
        }
        foreach (var w in _ownWeights)
        {
            if (w.Name == Name + "/" + name)
            {
                throw new ArgumentException($"Layer '{Name}' already has a weight named '{name}'. Weight names must be unique within a layer: they become checkpoint keys.", nameof(name));
            }
        }
        DType weightDType = dtype ?? DType;
        // A pending checkpoint restore supplies the value instead of the initializer (deferred restoration).
        var variable = AddTrackedVariable(name, shape, weightDType, () => initializer.Create(shape, weightDType), trainable, Name + "/" + name);
        _ownWeights.Add(variable);
        if (regularizer is not null)
        {
            _regularized.Add((variable, regularizer));
        }
        return variable;
    }

    /// <summary>The layer's configuration with Keras 3 keys (<c>name</c>, <c>trainable</c>, <c>dtype</c>, then the layer's own).</summary>
    /// <returns>A new dictionary; values are numbers, strings, booleans, lists, nested dictionaries or null.</returns>
    public virtual Dictionary<string, object?> GetConfig() => new()
    {
        ["name"] = Name,
        ["trainable"] = Trainable,
        ["dtype"] = DType.Name(),
    };

    /// <inheritdoc/>
    public override string ToString() => $"<{GetType().Name} name={Name}, built={Built}>";
}
