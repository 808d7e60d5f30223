namespace Trellis.Operations;

/// <summary>Internal entry points of the convolution ops, shared by the public <see cref="Ops"/> methods and the gradient rules.</summary>
internal static class ConvOps
{
    public static Tensor Forward(Tensor x, Tensor kernel, ConvParams p) => OpDispatcher.Run(new Conv2DOp(p), x, kernel);

    public static Tensor BackpropInput(Tensor dy, Tensor kernel, ConvParams p, Shape inputShape)
        => OpDispatcher.Run(new Conv2DBackpropInputOp(p, inputShape[1], inputShape[2]), dy, kernel);

    public static Tensor BackpropFilter(Tensor x, Tensor dy, ConvParams p, Shape kernelShape)
        => OpDispatcher.Run(new Conv2DBackpropFilterOp(p, kernelShape), x, dy);

}
