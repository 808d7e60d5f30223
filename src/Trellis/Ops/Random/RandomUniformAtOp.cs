using Trellis.Tensors;

namespace Trellis.Operations;

/// <summary>
/// Uniform [0, 1) values of a fixed shape from a Philox stream given by the input: an int64 pair (seed, position),
/// usually a seed generator's state variable. Because the stream is an input rather than a value captured at trace
/// time, a traced step draws fresh numbers on every call.
/// </summary>
internal sealed class RandomUniformAtOp(Shape shape, DType dtype) : Op
{
    public override string Name => "RandomUniformAt";

    public override string AttributeText => $"shape={shape}, dtype={dtype.Name()}";

    public override TensorSpec InferOutput(ReadOnlySpan<TensorSpec> inputs)
    {
        if (inputs.Length != 1 || inputs[0].DType != DType.Int64 || inputs[0].Shape != new Shape(2))
        {
            throw new ArgumentException($"RandomUniformAt: expected one int64 (2,) tensor (seed, position), but received ({string.Join(", ", inputs.ToArray())}).");
        }
        return new TensorSpec(shape, dtype);
    }

    public override void Compute(ReadOnlySpan<Tensor> inputs, Tensor output)
    {
        var state = inputs[0].ReadSpan<long>();
        Tensor.FillUniform(output, 0, 1, Philox.KeyFromSeed(state[0]), unchecked((ulong)state[1]));
    }

    public override Tensor?[] Gradient(GradientContext context) => [null];
}
