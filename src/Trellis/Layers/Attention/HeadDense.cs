using Trellis.Initializers;
using Trellis.Regularizers;

namespace Trellis.Layers;

/// <summary>
/// The projections inside <see cref="MultiHeadAttention"/>, Keras's <c>EinsumDense</c> in the two forms it uses there:
/// "abc,cde->abde" (input axis → (heads, size)) and "abcd,cde->abe" ((heads, size) → output axis).
/// </summary>
/// <remarks>
/// The kernel has the contracted input axes followed by <c>outputDims</c>: (dim, heads, size) or (heads, size, dim);
/// the bias has <c>outputDims</c>. Computed as one matrix product over the flattened axes.
/// </remarks>
internal sealed class HeadDense : Layer
{
    private readonly int[] _outputDims;
    private readonly int _inputAxes;
    private readonly bool _useBias;
    private readonly IInitializer _kernelInitializer;
    private readonly IInitializer _biasInitializer;
    private readonly IRegularizer? _kernelRegularizer;
    private readonly IRegularizer? _biasRegularizer;
    private Variable? _kernel;
    private Variable? _bias;

    public HeadDense(int[] outputDims, int inputAxes, bool useBias, IInitializer kernelInitializer, IInitializer biasInitializer,
        IRegularizer? kernelRegularizer, IRegularizer? biasRegularizer, string name, DType dtype)
        : base(name, dtype)
    {
        _outputDims = outputDims;
        _inputAxes = inputAxes;
        _useBias = useBias;
        _kernelInitializer = kernelInitializer;
        _biasInitializer = biasInitializer;
        _kernelRegularizer = kernelRegularizer;
        _biasRegularizer = biasRegularizer;
        InputSpec = new InputSpec(MinRank: inputAxes + 1);
    }

    public Variable? Kernel => _kernel;

    public Variable? Bias => _bias;

    protected override void Build(Shape inputShape)
    {
        int[] inputDims = inputShape.Dims[^_inputAxes..].ToArray();
        if (inputDims.Any(d => d == Shape.Unknown))
        {
            throw new ArgumentException($"Layer '{Name}' needs known sizes for its last {_inputAxes} input axes, but received input shape {inputShape}.", nameof(inputShape));
        }
        _kernel = AddWeight("kernel", [.. inputDims, .. _outputDims], _kernelInitializer, _kernelRegularizer);
        if (_useBias)
        {
            _bias = AddWeight("bias", _outputDims, _biasInitializer, _biasRegularizer);
        }
        var axes = new Dictionary<int, int>();
        for (int i = 0; i < _inputAxes; i++)
        {
            axes[i - _inputAxes] = inputDims[i];
        }
        InputSpec = new InputSpec(MinRank: _inputAxes + 1, Axes: axes);
    }

    protected override Tensor Call(Tensor inputs)
    {
        Shape kernelShape = _kernel!.Shape;
        int contracted = 1, produced = 1;
        for (int i = 0; i < _inputAxes; i++)
        {
            contracted *= kernelShape[i];
        }
        foreach (int d in _outputDims)
        {
            produced *= d;
        }
        int[] lead = inputs.Shape.Dims[..^_inputAxes].ToArray();
        Tensor flat = Ops.Reshape(inputs, [inputs.Size / contracted, contracted]);          // (N, in)
        Tensor y = Ops.MatMul(flat, Ops.Reshape(_kernel, [contracted, produced]));          // (N, out)
        if (_bias is not null)
        {
            y += Ops.Reshape(_bias, [produced]);
        }
        return Ops.Reshape(y, [.. lead, .. _outputDims]);
    }
}
