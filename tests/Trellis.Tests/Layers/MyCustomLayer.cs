using Trellis.Layers;

namespace Trellis.Tests.Layers;

// API.md story 2, verbatim apart from the namespace.
public sealed class MyCustomLayer : Layer
{
    private readonly Variable _w;
    private readonly Variable _b;

    public MyCustomLayer(int units = 32)
    {
        _w = AddWeight("w", [10, units], initializer: "random_normal");
        _b = AddWeight("b", [units], initializer: "zeros");
    }

    protected override Tensor Call(Tensor inputs) => Ops.MatMul(inputs, _w) + _b;
}
