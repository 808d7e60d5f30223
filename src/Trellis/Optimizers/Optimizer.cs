using Trellis.Optimizers.Schedules;
using Trellis.Tracking;

namespace Trellis.Optimizers;

/// <summary>
/// The base of the optimizers: applies gradients to variables and keeps its state in variables named as tf.keras 2's
/// <c>OptimizerV2</c> names them, so TensorFlow checkpoints restore into it.
/// </summary>
/// <remarks>
/// <para>Tracked children: <c>iter</c> (int64 step counter) and one float32 variable per hyperparameter
/// (<c>learning_rate</c>, <c>decay</c>, <c>beta_1</c>...). Slots (<c>m</c>, <c>v</c>, <c>momentum</c>...) are created
/// per trained variable on its first update and listed by <see cref="SlotVariables"/>; checkpoints record them as
/// TensorFlow slot variables (<c>.OPTIMIZER_SLOT</c>), keyed by the variable they belong to.</para>
/// <para>The learning rate decays as Keras 2's <c>decay</c> does: lr / (1 + decay * iterations).</para>
/// </remarks>
public abstract class Optimizer : Trackable
{
    [NotTracked]
    private readonly Variable _iterations;

    [NotTracked]
    private readonly Dictionary<string, Variable> _hyper = [];

    [NotTracked]
    private readonly Dictionary<Variable, Dictionary<string, Variable>> _slots = new(ReferenceEqualityComparer.Instance);

    [NotTracked]
    private readonly List<Variable> _slotOwners = [];

    /// <summary>Creates the optimizer state shared by all optimizers.</summary>
    /// <param name="name">The optimizer's name (<c>Adam</c>...).</param>
    /// <param name="learningRate">The learning rate.</param>
    /// <param name="decay">Keras 2 time decay of the learning rate.</param>
    /// <param name="clipnorm">Clip each gradient to this L2 norm, or null.</param>
    /// <param name="clipvalue">Clip each gradient element to [-clipvalue, clipvalue], or null.</param>
    /// <param name="globalClipnorm">Clip all gradients together to this global L2 norm, or null.</param>
    /// <exception cref="ArgumentException">The learning rate is negative or not finite, or more than one clipping option is set.</exception>
    protected Optimizer(string name, double learningRate, double decay = 0, double? clipnorm = null, double? clipvalue = null, double? globalClipnorm = null)
    {
        if (!(learningRate >= 0) || double.IsInfinity(learningRate))
        {
            throw new ArgumentException($"{name} expects a non-negative finite learning rate, but received {learningRate}.", nameof(learningRate));
        }
        if ((clipnorm is null ? 0 : 1) + (clipvalue is null ? 0 : 1) + (globalClipnorm is null ? 0 : 1) > 1)
        {
            throw new ArgumentException($"{name}: set at most one of clipnorm, clipvalue and globalClipnorm.");
        }
        Name = name;
        Clipnorm = clipnorm;
        Clipvalue = clipvalue;
        GlobalClipnorm = globalClipnorm;
        _iterations = AddTrackedVariable("iter", Shape.Scalar, DType.Int64, () => Tensor.Constant(0L), trainable: false);
        SetHyper("learning_rate", learningRate);
        SetHyper("decay", decay);
    }

    /// <summary>The optimizer's name.</summary>
    public string Name { get; }

    /// <summary>Per-gradient norm clipping, or null.</summary>
    public double? Clipnorm { get; }

    /// <summary>Per-element value clipping, or null.</summary>
    public double? Clipvalue { get; }

    /// <summary>Global norm clipping over all gradients of a step, or null.</summary>
    public double? GlobalClipnorm { get; }

    /// <summary>The number of steps applied (int64 scalar variable, tracked as <c>iter</c>).</summary>
    public Variable Iterations => _iterations;

    /// <summary>The learning rate (the <c>learning_rate</c> variable's value).</summary>
    public double LearningRate
    {
        get => GetHyper("learning_rate");
        set => _hyper["learning_rate"].Assign(Tensor.Scalar(value, DType.Float32));
    }

    /// <summary>A schedule that replaces <see cref="LearningRate"/>: step i uses <c>Schedule.Compute(i)</c> (i = iterations before the step).</summary>
    [NotTracked]
    public LearningRateSchedule? Schedule { get; set; }

    /// <summary>The slot names this optimizer creates per variable, in creation order.</summary>
    public abstract IReadOnlyList<string> SlotNames { get; }

    /// <summary>Every slot as (slot name, the variable it belongs to, the slot variable), in creation order.</summary>
    /// <returns>Checkpoints record these as TensorFlow slot variables.</returns>
    protected internal override IEnumerable<(string SlotName, Variable Original, Variable Slot)> SlotVariables()
    {
        foreach (var owner in _slotOwners)
        {
            foreach (var (slotName, slot) in _slots[owner])
            {
                yield return (slotName, owner, slot);
            }
        }
    }

    /// <summary>The hyperparameter variables, by name.</summary>
    public IReadOnlyDictionary<string, Variable> Hyperparameters => _hyper;

    /// <summary>The slot named <paramref name="slotName"/> of <paramref name="variable"/>, or null if not created yet.</summary>
    /// <param name="variable">A variable this optimizer updated.</param>
    /// <param name="slotName">A name from <see cref="SlotNames"/>.</param>
    /// <returns>The slot variable or null.</returns>
    public Variable? GetSlot(Variable variable, string slotName)
        => _slots.TryGetValue(variable, out var slots) && slots.TryGetValue(slotName, out var slot) ? slot : null;

    /// <summary>Applies one update step: clips, creates missing slots, updates each variable, then increments <see cref="Iterations"/>.</summary>
    /// <param name="gradientsAndVariables">Pairs of a gradient (shaped as its variable; null entries are skipped) and a variable.</param>
    /// <exception cref="ArgumentException">A gradient's shape differs from its variable's.</exception>
    public void ApplyGradients(IEnumerable<(Tensor? Gradient, Variable Variable)> gradientsAndVariables)
    {
        ArgumentNullException.ThrowIfNull(gradientsAndVariables);
        var pairs = new List<(Tensor Gradient, Variable Variable)>();
        foreach (var (g, v) in gradientsAndVariables)
        {
            if (g is null)
            {
                continue;
            }
            if (g.Shape != v.Shape)
            {
                throw new ArgumentException($"{Name}: the gradient for variable '{v.Name}' has shape {g.Shape}, but the variable has shape {v.Shape}.", nameof(gradientsAndVariables));
            }
            pairs.Add((g.DType == v.DType ? g : Ops.Cast(g, v.DType), v));
        }
        pairs = Clip(pairs);
        foreach (var (_, v) in pairs)
        {
            EnsureSlots(v);
        }
        // Step arithmetic runs on float64 scalar tensors read from the state variables, so a traced training step
        // reads the current iteration and hyperparameters on every call (as tf.keras computes them in the graph).
        var step = Ops.Cast(_iterations, DType.Float64);
        var lr = Schedule is { } schedule ? schedule.Compute(step) : Hyper("learning_rate");
        var context = new OptimizerStep(lr / (1 + Hyper("decay") * step), step + 1);
        PrepareStep(context);
        foreach (var (g, v) in pairs)
        {
            UpdateStep(g, v, context);
        }
        _iterations.Assign(Ops.Add(_iterations, Tensor.Constant(1L)));
    }

    /// <summary>Creates the slots of every variable in <paramref name="variables"/> that has none yet.</summary>
    /// <param name="variables">Variables this optimizer will update.</param>
    /// <remarks>A traced training step calls it before tracing, so slots are created (and restored from a pending
    /// checkpoint) eagerly, as Keras's <c>optimizer.build</c> does.</remarks>
    public void Build(IEnumerable<Variable> variables)
    {
        ArgumentNullException.ThrowIfNull(variables);
        foreach (var v in variables)
        {
            EnsureSlots(v);
        }
    }

    private void EnsureSlots(Variable variable)
    {
        if (!_slots.ContainsKey(variable))
        {
            _slots[variable] = [];
            _slotOwners.Add(variable);
            CreateSlots(variable);
        }
    }

    /// <summary>Creates the slots of <paramref name="variable"/> with <c>AddSlot</c>.</summary>
    /// <param name="variable">The variable about to be updated for the first time.</param>
    protected abstract void CreateSlots(Variable variable);

    /// <summary>Runs once per <see cref="ApplyGradients"/>, before the variables are updated (per-step state such as Nadam's momentum cache).</summary>
    /// <param name="current">The learning rate and the 1-based step number.</param>
    protected virtual void PrepareStep(OptimizerStep current)
    {
    }

    /// <summary>Updates one variable, with tensor ops only (the update may run inside a traced training step).</summary>
    /// <param name="gradient">The (clipped) gradient, dtype of the variable.</param>
    /// <param name="variable">The variable.</param>
    /// <param name="current">The learning rate after decay and the 1-based step number, float64 scalars.</param>
    protected abstract void UpdateStep(Tensor gradient, Variable variable, OptimizerStep current);

    /// <summary>Creates a zero slot shaped as <paramref name="variable"/>.</summary>
    /// <param name="variable">The owner variable.</param>
    /// <param name="slotName">The slot's name (<c>m</c>, <c>momentum</c>...).</param>
    /// <returns>The slot variable.</returns>
    protected Variable AddSlot(Variable variable, string slotName) => AddSlot(variable, slotName, 0.0);

    /// <summary>Creates a slot shaped as <paramref name="variable"/> filled with <paramref name="initialValue"/>.</summary>
    /// <param name="variable">The owner variable.</param>
    /// <param name="slotName">The slot's name (<c>accumulator</c>...).</param>
    /// <param name="initialValue">The fill value.</param>
    /// <returns>The slot variable.</returns>
    protected Variable AddSlot(Variable variable, string slotName, double initialValue)
    {
        ArgumentNullException.ThrowIfNull(variable);
        // A pending checkpoint restore supplies the slot's value (deferred restoration of optimizer state).
        var slot = CreateSlotVariable(variable, slotName, () => Tensor.Fill(variable.Shape, initialValue, variable.DType));
        _slots[variable][slotName] = slot;
        return slot;
    }

    /// <summary>The slot <paramref name="slotName"/> of <paramref name="variable"/> (created by <see cref="CreateSlots"/>).</summary>
    /// <param name="variable">The owner variable.</param>
    /// <param name="slotName">The slot's name.</param>
    /// <returns>The slot variable.</returns>
    protected Variable Slot(Variable variable, string slotName) => _slots[variable][slotName];

    /// <summary>Creates a hyperparameter variable tracked under <paramref name="name"/> (float32 scalar, as tf.keras 2).</summary>
    /// <param name="name">The name (<c>beta_1</c>...).</param>
    /// <param name="value">The initial value.</param>
    protected void SetHyper(string name, double value)
    {
        if (_hyper.TryGetValue(name, out var existing))
        {
            existing.Assign(Tensor.Scalar(value, DType.Float32));
            return;
        }
        _hyper[name] = AddTrackedVariable(name, Shape.Scalar, DType.Float32, () => Tensor.Scalar(value, DType.Float32), trainable: false);
    }

    /// <summary>A hyperparameter as a float64 scalar tensor read from its variable (symbolic inside a trace).</summary>
    /// <param name="name">The name.</param>
    /// <returns>The value widened to float64, so step arithmetic rounds once, when cast to the variable's dtype.</returns>
    protected Tensor Hyper(string name) => Ops.Cast(_hyper[name], DType.Float64);

    /// <summary>A float64 scalar coefficient in the dtype of <paramref name="like"/>.</summary>
    /// <param name="value">A float64 scalar.</param>
    /// <param name="like">The tensor it will be combined with.</param>
    /// <returns>The coefficient rounded to <paramref name="like"/>'s dtype.</returns>
    protected static Tensor Coefficient(Tensor value, Tensor like)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(like);
        return value.DType == like.DType ? value : Ops.Cast(value, like.DType);
    }

    /// <summary>A hyperparameter's current value.</summary>
    /// <param name="name">The name.</param>
    /// <returns>The value as a double.</returns>
    protected double GetHyper(string name) => _hyper[name].GetAsDouble(0);

    /// <summary>Creates a non-slot state variable of the optimizer, tracked under <paramref name="name"/> (Nadam's <c>momentum_cache</c>).</summary>
    /// <param name="name">The name.</param>
    /// <param name="value">The initial value (float32 scalar).</param>
    /// <returns>The variable.</returns>
    protected Variable AddStateVariable(string name, double value)
        => AddTrackedVariable(name, Shape.Scalar, DType.Float32, () => Tensor.Scalar(value, DType.Float32), trainable: false);

    /// <summary>The Keras config: <c>name</c>, <c>learning_rate</c>, <c>decay</c>, clipping and the optimizer's own keys.</summary>
    /// <returns>A new dictionary.</returns>
    public virtual Dictionary<string, object?> GetConfig() => new()
    {
        ["name"] = Name,
        ["learning_rate"] = GetHyper("learning_rate"),
        ["decay"] = GetHyper("decay"),
        ["clipnorm"] = Clipnorm,
        ["clipvalue"] = Clipvalue,
        ["global_clipnorm"] = GlobalClipnorm,
    };

    private List<(Tensor Gradient, Variable Variable)> Clip(List<(Tensor Gradient, Variable Variable)> pairs)
    {
        if (Clipvalue is double cv)
        {
            return pairs.ConvertAll(p => (Ops.Clip(p.Gradient, -cv, cv), p.Variable));
        }
        if (Clipnorm is double cn)
        {
            return pairs.ConvertAll(p => (ScaleToNorm(p.Gradient, Ops.Sqrt(SquaredNorm(p.Gradient)), cn), p.Variable));
        }
        if (GlobalClipnorm is double gn && pairs.Count > 0)
        {
            var total = SquaredNorm(pairs[0].Gradient);
            for (int i = 1; i < pairs.Count; i++)
            {
                total = total + SquaredNorm(pairs[i].Gradient);
            }
            var norm = Ops.Sqrt(total);
            return pairs.ConvertAll(p => (ScaleToNorm(p.Gradient, norm, gn), p.Variable));
        }
        return pairs;
    }

    /// <summary>Sum of squares in the gradient's dtype, widened to float64.</summary>
    private static Tensor SquaredNorm(Tensor g) => Ops.Cast(Ops.Sum(Ops.Square(g)), DType.Float64);

    /// <summary>g · maxNorm / max(norm, maxNorm): unchanged below the bound (a factor of exactly 1), else scaled to it.</summary>
    private static Tensor ScaleToNorm(Tensor g, Tensor norm, double maxNorm) =>
        g * Coefficient(maxNorm / Ops.Maximum(norm, Tensor.Scalar(maxNorm, DType.Float64)), g);
}
