using Trellis.Initializers;

namespace Trellis.Layers;

/// <summary>
/// Keras LSTM's <c>unit_forget_bias</c>: the bias initializer's values for the i, c and o blocks and ones for the
/// forget block, so that a fresh LSTM remembers by default (Jozefowicz et al., 2015).
/// </summary>
internal sealed class UnitForgetBias(IInitializer inner, int units) : IInitializer
{
    public string ClassName => inner.ClassName;

    public Tensor Create(Shape shape, DType dtype)
    {
        // (4 units,) in gate order i, f, c, o.
        return Ops.Concat(
        [
            inner.Create([units], dtype),
            Tensor.Ones([units], dtype),
            inner.Create([2 * units], dtype),
        ]);
    }

    public Dictionary<string, object?> GetConfig() => inner.GetConfig();
}
