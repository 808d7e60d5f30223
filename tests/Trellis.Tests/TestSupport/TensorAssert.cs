using Trellis.Operations;

namespace Trellis.Tests.TestSupport;

/// <summary>Tensor comparisons for tests.</summary>
internal static class TensorAssert
{
    /// <summary>Same shape, dtype and bits (NaN equals NaN).</summary>
    public static void BitEqual(Tensor expected, Tensor actual, string? context = null)
    {
        Assert.True(expected.Shape == actual.Shape, $"{context}: shape {actual.Shape} != expected {expected.Shape}");
        Assert.True(expected.DType == actual.DType, $"{context}: dtype {actual.DType} != expected {expected.DType}");
        Assert.True(expected.BytesView().SequenceEqual(actual.BytesView()), $"{context}: values differ.\nexpected {expected}\nactual   {actual}");
    }

    /// <summary>Same shape and dtype; |a - e| ≤ atol + rtol·|e| everywhere (NaN matches NaN, infinities must match exactly).</summary>
    public static void Close(Tensor expected, Tensor actual, double rtol = 1e-6, double atol = 0, string? context = null)
    {
        Assert.True(expected.Shape == actual.Shape, $"{context}: shape {actual.Shape} != expected {expected.Shape}");
        Assert.True(expected.DType == actual.DType, $"{context}: dtype {actual.DType} != expected {expected.DType}");
        for (int i = 0; i < expected.Size; i++)
        {
            double e = expected.GetAsDouble(i), a = actual.GetAsDouble(i);
            if (double.IsNaN(e) && double.IsNaN(a) || e == a)
            {
                continue;
            }
            Assert.True(Math.Abs(a - e) <= atol + rtol * Math.Abs(e),
                $"{context}: element {i} is {a:R}, expected {e:R} (rtol {rtol}, atol {atol}).");
        }
    }

    /// <summary>Runs <paramref name="f"/> with fast kernels and with reference kernels and returns both.</summary>
    public static (Tensor Fast, Tensor Reference) FastAndReference(Func<Tensor> f)
    {
        Tensor fast = f();
        Tensor reference;
        using (KernelMode.Reference())
        {
            reference = f();
        }
        return (fast, reference);
    }
}
