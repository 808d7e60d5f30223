namespace Trellis.Operations;

/// <summary>Converts between dtypes as C# casts do (float to int truncates toward zero; to bool is x != 0).</summary>
internal sealed class CastOp(DType target) : Op
{
    public override object?[] ConstructorArguments => [Target];

    public DType Target { get; } = target;
    public override string Name => "Cast";
    public override string AttributeText => "to=" + Target.Name();
    public override bool IsElementwise => true;

    public override TensorSpec InferOutput(ReadOnlySpan<TensorSpec> inputs) => inputs[0] with { DType = Target };

    public override void Compute(ReadOnlySpan<Tensor> inputs, Tensor output)
    {
        Tensor x = inputs[0];
        if (x.DType == Target)
        {
            x.BytesView().CopyTo(output.BytesView());
            return;
        }
        switch ((x.DType, Target))
        {
            case (DType.Float32, DType.Float64):
                System.Numerics.Tensors.TensorPrimitives.ConvertChecked<float, double>(x.ReadSpan<float>(), output.Span<double>());
                return;
            case (DType.Float32, DType.Float16):
                System.Numerics.Tensors.TensorPrimitives.ConvertToHalf(x.ReadSpan<float>(), output.Span<Half>());
                return;
            case (DType.Float16, DType.Float32):
                System.Numerics.Tensors.TensorPrimitives.ConvertToSingle(x.ReadSpan<Half>(), output.Span<float>());
                return;
            case (DType.Float64, DType.Float32):
                System.Numerics.Tensors.TensorPrimitives.ConvertTruncating<double, float>(x.ReadSpan<double>(), output.Span<float>());
                return;
            case (DType.Int32, DType.Float32):
                System.Numerics.Tensors.TensorPrimitives.ConvertChecked<int, float>(x.ReadSpan<int>(), output.Span<float>());
                return;
            case (DType.Bool, DType.Float32):
                FromBool(x.ReadSpan<bool>(), output.Span<float>());
                return;
            case (DType.Bool, DType.Float64):
                FromBool(x.ReadSpan<bool>(), output.Span<double>());
                return;
        }
        int n = x.Size;
        for (int i = 0; i < n; i++)
        {
            output.SetFromDouble(i, x.GetAsDouble(i));
        }
    }

    // Masks (comparison results) become 0/1 factors in gradient rules: a loop the JIT keeps branch-free.
    private static void FromBool<T>(ReadOnlySpan<bool> x, Span<T> y)
        where T : System.Numerics.INumberBase<T>
    {
        for (int i = 0; i < x.Length; i++)
        {
            y[i] = x[i] ? T.One : T.Zero;
        }
    }

    public override Tensor?[] Gradient(GradientContext g) =>
        g.X.DType.IsFloating() && Target.IsFloating() ? [Ops.Cast(g.Upstream, g.X.DType)] : [null];
}
