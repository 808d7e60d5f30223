using Trellis.Tensors;

namespace Trellis;

public partial class Tensor
{
    /// <summary>TensorFlow-style text: <c>Tensor([2 4 6], shape=(3,), dtype=int32)</c>; tensors over 1000 elements are elided with "...".</summary>
    public override string ToString() => TensorFormatter.Format(this);
}
