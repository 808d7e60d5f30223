using System.Numerics;
using System.Runtime.Intrinsics;

namespace Trellis.Kernels.Optimizers;

/// <summary>
/// One Adam step over a variable in a single pass (issue 7's fused optimizer update), in place:
/// m = b1·m + (1−b1)·g; v = b2·v + (1−b2)·g²; x = x − (lr_t·m) / (√v + ε).
/// </summary>
/// <remarks>Each product and sum is rounded as the unfused element-wise ops round it (no FMA contraction), so the fused
/// step is bit-identical to the same update written with separate ops.</remarks>
internal static class AdamKernel
{
    public readonly record struct Coefficients<T>(T LearningRate, T Beta1, T OneMinusBeta1, T Beta2, T OneMinusBeta2, T Epsilon)
        where T : unmanaged, IFloatingPointIeee754<T>;

    public static void Step<T>(Span<T> x, Span<T> m, Span<T> v, ReadOnlySpan<T> g, in Coefficients<T> c)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = x.Length;
        if (m.Length != n || v.Length != n || g.Length != n)
        {
            throw new ArgumentException($"Adam step: variable, slots and gradient must have equal lengths, but received {n}, {m.Length}, {v.Length} and {g.Length}.");
        }
        int i = 0;
        if (Vector512.IsHardwareAccelerated && n >= Vector512<T>.Count)
        {
            var lr = Vector512.Create(c.LearningRate);
            var b1 = Vector512.Create(c.Beta1);
            var omb1 = Vector512.Create(c.OneMinusBeta1);
            var b2 = Vector512.Create(c.Beta2);
            var omb2 = Vector512.Create(c.OneMinusBeta2);
            var eps = Vector512.Create(c.Epsilon);
            for (; i <= n - Vector512<T>.Count; i += Vector512<T>.Count)
            {
                var gi = Vector512.Create(g.Slice(i, Vector512<T>.Count));
                var mi = b1 * Vector512.Create((ReadOnlySpan<T>)m.Slice(i, Vector512<T>.Count)) + omb1 * gi;
                var vi = b2 * Vector512.Create((ReadOnlySpan<T>)v.Slice(i, Vector512<T>.Count)) + omb2 * (gi * gi);
                var xi = Vector512.Create((ReadOnlySpan<T>)x.Slice(i, Vector512<T>.Count)) - lr * mi / (Vector512.Sqrt(vi) + eps);
                mi.CopyTo(m.Slice(i));
                vi.CopyTo(v.Slice(i));
                xi.CopyTo(x.Slice(i));
            }
        }
        for (; i < n; i++)
        {
            T gi = g[i];
            T mi = c.Beta1 * m[i] + c.OneMinusBeta1 * gi;
            T vi = c.Beta2 * v[i] + c.OneMinusBeta2 * (gi * gi);
            m[i] = mi;
            v[i] = vi;
            x[i] -= c.LearningRate * mi / (T.Sqrt(vi) + c.Epsilon);
        }
    }
}
