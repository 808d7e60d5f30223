namespace Trellis.Operations;

/// <summary>
/// One entry of the op vocabulary: a name, a shape/dtype rule, a kernel and a gradient rule, written once and used by
/// eager execution, the gradient tape and the graph tracer alike. An instance carries the op's attributes (axes, flags).
/// </summary>
/// <remarks>
/// Rules for implementers: <see cref="InferOutput"/> validates inputs and throws with the op name, the received
/// specs and what was expected; <see cref="Compute"/> writes every element of the preallocated output; the
/// gradient rule is written with <see cref="Ops"/> so that it is itself differentiable (second derivatives).
/// </remarks>
internal abstract class Op
{
    /// <summary>The op's name as it appears in graph dumps and errors (<c>Add</c>, <c>MatMul</c>...).</summary>
    public abstract string Name { get; }

    /// <summary>Validates the inputs and returns the output's shape and dtype.</summary>
    public abstract TensorSpec InferOutput(ReadOnlySpan<TensorSpec> inputs);

    /// <summary>Runs the kernel: reads the inputs, writes all of <paramref name="output"/>.</summary>
    /// <param name="inputs">Concrete inputs.</param>
    /// <param name="output">Preallocated output of the inferred spec.</param>
    public abstract void Compute(ReadOnlySpan<Tensor> inputs, Tensor output);

    /// <summary>The gradient rule: given dL/d(output), the gradient for each input (null where none flows).</summary>
    public abstract Tensor?[] Gradient(GradientContext context);

    /// <summary>Runs the op eagerly. Ops that can share the input's storage (reshape) override this.</summary>
    public virtual Tensor Execute(ReadOnlySpan<Tensor> inputs, TensorSpec output)
    {
        var result = Tensor.Allocate(output.Shape, output.DType);
        Compute(inputs, result);
        return result;
    }

    /// <summary>Attributes as text for graph dumps and keys for common-subexpression elimination.</summary>
    public virtual string AttributeText => "";

    /// <summary>
    /// The op's attributes as the arguments of its constructor, in order: what an exported graph stores to rebuild
    /// the op. Ops without attributes (and ops kept as static instances) return none.
    /// </summary>
    public virtual object?[] ConstructorArguments => [];

    /// <summary>True for ops whose output element i depends only on input elements i (after broadcasting).</summary>
    public virtual bool IsElementwise => false;

    /// <inheritdoc/>
    public override string ToString() => AttributeText.Length == 0 ? Name : $"{Name}[{AttributeText}]";
}
