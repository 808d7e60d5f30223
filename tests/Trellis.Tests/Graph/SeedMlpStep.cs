namespace Trellis.Tests.Graph;

/// <summary>The seed MLP (784 → Dense 128 relu → Dense 10 softmax) and one training step, written with Ops.</summary>
internal sealed class SeedMlpStep
{
    public SeedMlpStep(int seed = 1)
    {
        W1 = new Variable(Tensor.RandomNormal([784, 128], seed: seed) * 0.05, "w1");
        B1 = new Variable(Tensor.Zeros([128], DType.Float32), "b1");
        W2 = new Variable(Tensor.RandomNormal([128, 10], seed: seed + 1) * 0.1, "w2");
        B2 = new Variable(Tensor.Zeros([10], DType.Float32), "b2");
        Variables = [W1, B1, W2, B2];
        Moments = Variables.Select(v => new Variable(Tensor.Zeros(v.Shape, DType.Float32), trainable: false)).ToArray();
        Velocities = Variables.Select(v => new Variable(Tensor.Zeros(v.Shape, DType.Float32), trainable: false)).ToArray();
    }

    public Variable W1 { get; }
    public Variable B1 { get; }
    public Variable W2 { get; }
    public Variable B2 { get; }
    public Variable[] Variables { get; }

    /// <summary>Adam's first moments.</summary>
    public Variable[] Moments { get; }

    /// <summary>Adam's second moments.</summary>
    public Variable[] Velocities { get; }

    /// <summary>Adam's step counter.</summary>
    public Variable Iterations { get; } = new(Tensor.Constant(0f), "iterations", trainable: false);

    public static (Tensor X, Tensor Y) Batch(int batch = 32, int seed = 7)
    {
        var x = Tensor.RandomNormal([batch, 784], seed: seed);
        var labels = Tensor.Constant(Enumerable.Range(0, batch).Select(i => i * 7 % 10).ToArray());
        return (x, Ops.OneHot(labels, 10));
    }

    /// <summary>Forward, categorical cross-entropy (mean), backward with a tape, Adam update (bias-corrected) by Assign.</summary>
    public Tensor Step(Tensor x, Tensor y)
    {
        Tensor loss;
        Tensor[] grads;
        using (var tape = new GradientTape())
        {
            var hidden = Ops.Relu(Ops.MatMul(x, W1) + B1);
            var probabilities = Ops.Softmax(Ops.MatMul(hidden, W2) + B2);
            loss = -Ops.Mean(Ops.Sum(y * Ops.Log(probabilities), [1]));
            grads = tape.Gradient(loss, Variables);
        }
        const double lr = 0.001, beta1 = 0.9, beta2 = 0.999, epsilon = 1e-7;
        Iterations.AssignAdd(Ops.OnesLike(Iterations));
        var t = Iterations;
        var stepSize = Ops.Sqrt(1 - Ops.Pow(Tensor.Constant((float)beta2), t)) / (1 - Ops.Pow(Tensor.Constant((float)beta1), t)) * lr;
        for (int i = 0; i < Variables.Length; i++)
        {
            Moments[i].Assign(Moments[i] * beta1 + grads[i] * (1 - beta1));
            Velocities[i].Assign(Velocities[i] * beta2 + Ops.Square(grads[i]) * (1 - beta2));
            Variables[i].Assign(Variables[i] - stepSize * Moments[i] / (Ops.Sqrt(Velocities[i]) + epsilon));
        }
        return loss;
    }
}
