using Trellis.Internal;
using Trellis.Kernels.Optimizers;

namespace Trellis.Operations;

/// <summary>
/// The fused Adam update of one variable, in place (TensorFlow's <c>ResourceApplyAdam</c>). Inputs: the variable, its
/// <c>m</c> and <c>v</c> slots, the gradient, then six scalars of the variable's dtype: lr_t, β1, 1−β1, β2, 1−β2, ε.
/// Writes the variable and both slots; the output is a scalar nobody needs to read.
/// </summary>
internal sealed class ApplyAdamOp : Op, ISideEffectOp
{
    public static readonly ApplyAdamOp Instance = new();

    private static readonly Tensor s_done = Tensor.Scalar(0, DType.Float32);

    public override string Name => "ApplyAdam";

    public ReadOnlySpan<int> WrittenInputs => [0, 1, 2];

    public override TensorSpec InferOutput(ReadOnlySpan<TensorSpec> inputs)
    {
        bool valid = inputs.Length == 10 && inputs[0].DType.IsFloating();
        for (int i = 1; valid && i < 4; i++)
        {
            valid = inputs[i] == inputs[0];
        }
        for (int i = 4; valid && i < 10; i++)
        {
            valid = inputs[i].DType == inputs[0].DType && inputs[i].Shape.Rank == 0;
        }
        if (!valid)
        {
            throw new ArgumentException($"ApplyAdam: expected a floating variable, m, v and gradient of one spec and six scalars of its dtype, but received ({string.Join(", ", inputs.ToArray())}).");
        }
        return new TensorSpec(Shape.Scalar, DType.Float32);
    }

    public override Tensor Execute(ReadOnlySpan<Tensor> inputs, TensorSpec output)
    {
        Update(inputs);
        return s_done;
    }

    public override void Compute(ReadOnlySpan<Tensor> inputs, Tensor output)
    {
        Update(inputs);
        output.Span<float>()[0] = 0;
    }

    public override Tensor?[] Gradient(GradientContext context) => new Tensor?[10];

    private static void Update(ReadOnlySpan<Tensor> inputs)
    {
        if (inputs[0] is not Variable x || inputs[1] is not Variable m || inputs[2] is not Variable v)
        {
            throw new InvalidOperationException("ApplyAdam: the variable and its m and v slots must be variables.");
        }
        if (x.DType == DType.Float32)
        {
            var body = new Body<float>(x, m, v, inputs[3], Coefficients<float>(inputs));
            Parallelism.For(x.Size, MinChunk, ref body);
        }
        else
        {
            var body = new Body<double>(x, m, v, inputs[3], Coefficients<double>(inputs));
            Parallelism.For(x.Size, MinChunk, ref body);
        }
        x.MarkWritten();
        m.MarkWritten();
        v.MarkWritten();
    }

    // A large kernel's update is memory-bound: split across the cores (each element's arithmetic is the same either way).
    private const int MinChunk = 32 * 1024;

    private readonly struct Body<T>(Tensor x, Tensor m, Tensor v, Tensor g, AdamKernel.Coefficients<T> c) : IRangeBody
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        public void Run(int start, int end)
        {
            int n = end - start;
            AdamKernel.Step(x.Span<T>().Slice(start, n), m.Span<T>().Slice(start, n), v.Span<T>().Slice(start, n), g.ReadSpan<T>().Slice(start, n), c);
        }
    }

    private static AdamKernel.Coefficients<T> Coefficients<T>(ReadOnlySpan<Tensor> inputs)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T> =>
        new(inputs[4].ReadSpan<T>()[0], inputs[5].ReadSpan<T>()[0], inputs[6].ReadSpan<T>()[0],
            inputs[7].ReadSpan<T>()[0], inputs[8].ReadSpan<T>()[0], inputs[9].ReadSpan<T>()[0]);
}
