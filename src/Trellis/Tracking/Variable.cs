using System.Globalization;

namespace Trellis;

/// <summary>
/// A tensor whose value can change: weights, optimizer slots, counters. A trainable variable is watched by every
/// <see cref="GradientTape"/> that sees an op read it, so <c>tape.Gradient(loss, [w])</c> works without a Watch call.
/// </summary>
/// <remarks>
/// A variable is used wherever a tensor is (it derives from <see cref="Tensor"/>). Ops read its current value; an
/// op's output never aliases a variable's storage, so later assignments do not change results already computed.
/// </remarks>
public partial class Variable : Tensor
{
    private static long s_nextId;

    /// <summary>Creates a variable holding a copy of <paramref name="initialValue"/>.</summary>
    /// <param name="initialValue">The first value (copied); fixes the shape and dtype.</param>
    /// <param name="name">A name for messages and graph dumps (checkpoint keys come from the object graph, not this).</param>
    /// <param name="trainable">Whether tapes watch it and optimizers update it.</param>
    /// <exception cref="ArgumentException">The initial value is symbolic.</exception>
    public Variable(Tensor initialValue, string? name = null, bool trainable = true)
        : base(Checked(initialValue).Shape, initialValue.DType, CopyStorage(initialValue))
    {
        Id = Interlocked.Increment(ref s_nextId);
        Name = name ?? "Variable:" + Id.ToString(CultureInfo.InvariantCulture);
        Trainable = trainable;
    }

    /// <summary>A process-unique id.</summary>
    public long Id { get; }

    /// <summary>The variable's name.</summary>
    public string Name { get; }

    /// <summary>Whether gradient tapes watch it and optimizers train it.</summary>
    public bool Trainable { get; set; }

    internal override bool IsMutable => true;

    internal override bool IsWatchedByDefault => Trainable;

    /// <summary>Increases on every assignment; lets caches know the value changed.</summary>
    public long Version { get; private set; }

    /// <summary>A copy of the current value as a plain tensor.</summary>
    public Tensor Value()
    {
        var copy = Allocate(Shape, DType);
        BytesView().CopyTo(copy.BytesView());
        return copy;
    }

    /// <summary>Replaces the value (copied in place; shape and dtype must match).</summary>
    /// <remarks>
    /// Inside a traced function, assigning a symbolic value records an assignment in the graph: every call of the
    /// function then updates the variable, and reads after it in the body see the new value (an optimizer step).
    /// </remarks>
    /// <exception cref="ArgumentException">The shape or dtype differs.</exception>
    public void Assign(Tensor value)
    {
        CheckCompatible(value, nameof(Assign));
        if (value.IsSymbolic)
        {
            Operations.OpDispatcher.Run(Graph.AssignVariableOp.Instance, this, value);
            return;
        }
        if (!ReferenceEquals(value, this))
        {
            value.BytesView().CopyTo(BytesView());
        }
        Version++;
    }

    /// <summary>Adds <paramref name="delta"/> to the value in place.</summary>
    public void AssignAdd(Tensor delta)
    {
        CheckCompatible(delta, nameof(AssignAdd));
        Assign(delta.IsSymbolic ? Ops.Add(this, delta) : Ops.Add(Value(), delta));
    }

    /// <summary>Subtracts <paramref name="delta"/> from the value in place.</summary>
    public void AssignSub(Tensor delta)
    {
        CheckCompatible(delta, nameof(AssignSub));
        Assign(delta.IsSymbolic ? Ops.Subtract(this, delta) : Ops.Subtract(Value(), delta));
    }

    /// <summary>
    /// Runs a variable's initializer outside any trace or tape (TensorFlow's <c>init_scope</c>): a layer built while a
    /// step is being traced gets concrete initial values, and no tape records the initializer's ops.
    /// </summary>
    internal static Tensor InitialValue(Func<Tensor> initializer)
    {
        var interceptor = Operations.OpDispatcher.SetInterceptor(null);
        var observers = Operations.OpDispatcher.SwapObservers(null);
        // Initial values are often kept beside the variable (a layer's initializer output, a restore's value): not pooled.
        using var unpooled = Trellis.Tensors.TensorPool.Suspend();
        try
        {
            return initializer();
        }
        finally
        {
            Operations.OpDispatcher.SwapObservers(observers);
            Operations.OpDispatcher.SetInterceptor(interceptor);
        }
    }

    /// <summary>Marks the value changed after a kernel wrote the storage directly.</summary>
    internal void MarkWritten() => Version++;

    /// <inheritdoc/>
    public override string ToString() => $"Variable('{Name}', shape={Shape}, dtype={DType.Name()}, value={Tensors.TensorFormatter.FormatValues(this)})";

    private void CheckCompatible(Tensor value, string op)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Shape != Shape || value.DType != DType)
        {
            throw new ArgumentException($"{op} on variable '{Name}': expected a {DType.Name()} tensor of shape {Shape}, but received {value.DType.Name()} of shape {value.Shape}.", nameof(value));
        }
    }

    private static Tensor Checked(Tensor t)
    {
        ArgumentNullException.ThrowIfNull(t);
        if (t.IsSymbolic)
        {
            throw new ArgumentException("A variable needs a concrete initial value; create variables outside traced functions.", nameof(t));
        }
        return t;
    }

    private static Array CopyStorage(Tensor t)
    {
        // A variable's storage is its own for life: never a pooled array a TensorScope could take back.
        var copy = AllocateUnpooled(t.Shape, t.DType);
        t.BytesView().CopyTo(copy.BytesView());
        return copy.Storage;
    }
}
