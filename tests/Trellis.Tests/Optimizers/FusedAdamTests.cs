using Trellis.Optimizers;
using Trellis.Tests.TestSupport;

namespace Trellis.Tests.Optimizers;

/// <summary>Adam's fused one-pass update equals the same step written with separate element-wise ops, bit for bit.</summary>
public class FusedAdamTests
{
    public static TheoryData<int, DType> Lengths()
    {
        var data = new TheoryData<int, DType>();
        foreach (int n in new[] { 0, 1, 7, 15, 16, 17, 31, 33, 64, 100, 1000, 100_003 }) // the last is split across the worker pool
        {
            data.Add(n, DType.Float32);
            data.Add(n, DType.Float64);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void AdamStep_FusedAndAmsgradFreeReference_BitEqual(int n, DType dtype)
    {
        var x0 = Tensor.RandomNormal([n], seed: 1, dtype: dtype);
        var fusedVariable = new Variable(x0);
        var adam = new Adam(learningRate: 0.01, beta1: 0.8, beta2: 0.95);
        var reference = new ReferenceAdam(new Variable(x0), 0.01, 0.8, 0.95, 1e-7);
        for (int step = 1; step <= 4; step++)
        {
            var g = Tensor.RandomNormal([n], seed: 10 + step, dtype: dtype);
            adam.ApplyGradients([(g, fusedVariable)]);
            reference.Step(g, step);
        }
        TensorAssert.BitEqual(reference.X, fusedVariable);
        TensorAssert.BitEqual(reference.M, adam.GetSlot(fusedVariable, "m")!);
        TensorAssert.BitEqual(reference.V, adam.GetSlot(fusedVariable, "v")!);
    }

    [Fact]
    public void AdamStep_Traced_EqualsEager()
    {
        var eagerVariable = new Variable(Tensor.RandomNormal([37], seed: 2));
        var tracedVariable = new Variable(eagerVariable.Value());
        var eager = new Adam(0.01);
        var traced = new Adam(0.01);
        traced.Build([tracedVariable]);
        var step = Function.Trace((Tensor g) =>
        {
            traced.ApplyGradients([(g, tracedVariable)]);
            return Ops.Identity(g);
        });
        for (int i = 0; i < 5; i++)
        {
            var g = Tensor.RandomNormal([37], seed: 20 + i);
            eager.ApplyGradients([(g, eagerVariable)]);
            step.Invoke(g);
        }
        Assert.Equal(1, step.TraceCount);
        Assert.Equal(5L, traced.Iterations.Item<long>());
        TensorAssert.BitEqual(eagerVariable, tracedVariable);
        TensorAssert.BitEqual(eager.GetSlot(eagerVariable, "v")!, traced.GetSlot(tracedVariable, "v")!);
    }

    /// <summary>Keras 2's Adam written op by op, with the same roundings as the optimizer's coefficients.</summary>
    private sealed class ReferenceAdam(Variable x, double lr, double beta1, double beta2, double epsilon)
    {
        public Variable X { get; } = x;
        public Variable M { get; } = new(Tensor.Zeros(x.Shape, x.DType));
        public Variable V { get; } = new(Tensor.Zeros(x.Shape, x.DType));

        public void Step(Tensor g, int t)
        {
            // The hyperparameters live in float32 variables, so the optimizer sees their float32 values.
            double b1 = (float)beta1, b2 = (float)beta2, rate = (float)lr;
            double lrT = rate * Math.Sqrt(1 - Math.Pow(b2, t)) / (1 - Math.Pow(b1, t));
            M.Assign(b1 * M + (1 - b1) * g);
            V.Assign(b2 * V + (1 - b2) * Ops.Square(g));
            X.Assign(X - lrT * M / (Ops.Sqrt(V) + epsilon));
        }
    }
}
