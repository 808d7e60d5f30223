using Trellis.Operations;

namespace Trellis.Graph;

/// <summary>
/// <c>variable := value</c> inside a traced graph (what <see cref="Variable.Assign"/> records when its value is symbolic).
/// Inputs: the variable (a capture node) and the new value; the output is the new value.
/// </summary>
internal sealed class AssignVariableOp : Op, ISideEffectOp
{
    public static readonly AssignVariableOp Instance = new(); // a static field: export names the op by it

    public override string Name => "AssignVariable";

    public ReadOnlySpan<int> WrittenInputs => [0];

    public override TensorSpec InferOutput(ReadOnlySpan<TensorSpec> inputs)
    {
        if (inputs.Length != 2 || inputs[0] != inputs[1])
        {
            throw new ArgumentException($"AssignVariable: expected a variable and a value of the same shape and dtype, but received ({string.Join(", ", inputs.ToArray())}).");
        }
        return inputs[1];
    }

    /// <summary>Writes the value into the variable and returns the value itself (no copy: tensors are immutable).</summary>
    public override Tensor Execute(ReadOnlySpan<Tensor> inputs, TensorSpec output)
    {
        Write(inputs);
        return inputs[1];
    }

    public override void Compute(ReadOnlySpan<Tensor> inputs, Tensor output)
    {
        Write(inputs);
        inputs[1].BytesView().CopyTo(output.BytesView());
    }

    public override Tensor?[] Gradient(GradientContext context) => [null, null];

    private static void Write(ReadOnlySpan<Tensor> inputs)
    {
        if (inputs[0] is not Variable variable)
        {
            throw new InvalidOperationException("AssignVariable: the first input must be a variable captured by the traced function.");
        }
        variable.Assign(inputs[1]);
    }
}
