using System.Numerics;
using System.Runtime.Intrinsics;
using Trellis.Internal;

namespace Trellis.Operations;

/// <summary>
/// The gradient of relu from its output (TensorFlow's <c>ReluGrad</c>): dy where y &gt; 0, else 0. Reading the output
/// rather than the input leaves the pre-activation with one use, so a traced dense layer keeps its relu fused.
/// Inputs: the upstream gradient and relu's output, of one spec.
/// </summary>
internal sealed class ReluGradOp : Op
{
    public static readonly ReluGradOp Instance = new();

    public override string Name => "ReluGrad";

    public override bool IsElementwise => true;

    public override TensorSpec InferOutput(ReadOnlySpan<TensorSpec> inputs)
    {
        if (inputs.Length != 2 || inputs[0] != inputs[1] || !inputs[0].DType.IsFloating())
        {
            ThrowHelper.OpInput(Name, "an upstream gradient and relu's output of one floating spec", inputs.ToArray());
        }
        return inputs[0];
    }

    public override void Compute(ReadOnlySpan<Tensor> inputs, Tensor output)
    {
        if (output.DType == DType.Float32)
        {
            Mask(inputs[0].ReadSpan<float>(), inputs[1].ReadSpan<float>(), output.Span<float>());
        }
        else
        {
            Mask(inputs[0].ReadSpan<double>(), inputs[1].ReadSpan<double>(), output.Span<double>());
        }
    }

    // relu'' is zero almost everywhere: the gradient flows to the upstream input only.
    public override Tensor?[] Gradient(GradientContext g) => [OpDispatcher.Run(Instance, g.Upstream, g.Y), null];

    private static void Mask<T>(ReadOnlySpan<T> dy, ReadOnlySpan<T> y, Span<T> dx)
        where T : unmanaged, INumber<T>
    {
        int i = 0;
        if (Vector512.IsHardwareAccelerated && !KernelMode.UseReference)
        {
            for (; i <= dx.Length - Vector512<T>.Count; i += Vector512<T>.Count)
            {
                var positive = Vector512.GreaterThan(Vector512.Create(y.Slice(i, Vector512<T>.Count)), Vector512<T>.Zero);
                (positive & Vector512.Create(dy.Slice(i, Vector512<T>.Count))).CopyTo(dx.Slice(i));
            }
        }
        for (; i < dx.Length; i++)
        {
            dx[i] = y[i] > T.Zero ? dy[i] : T.Zero;
        }
    }
}
