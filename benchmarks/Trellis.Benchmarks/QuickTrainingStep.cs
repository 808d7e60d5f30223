using System.Diagnostics;
using System.Globalization;

namespace Trellis.Benchmarks;

/// <summary>
/// Stopwatch comparison of one seed-MLP training step (784 → 128 relu → 10 softmax, cross-entropy, tape gradients,
/// Adam by Assign): eager, traced through <see cref="TracedFunction"/>, and the concrete function on planned buffers.
/// Run: <c>dotnet run -c Release --project benchmarks/Trellis.Benchmarks -- step [batch] [seconds]</c>.
/// </summary>
public static class QuickTrainingStep
{
    private sealed class Model
    {
        public Variable[] Weights { get; } =
        [
            new(Tensor.RandomNormal([784, 128], seed: 1) * 0.05), new(Tensor.Zeros([128], DType.Float32)),
            new(Tensor.RandomNormal([128, 10], seed: 2) * 0.1), new(Tensor.Zeros([10], DType.Float32)),
        ];

        public Variable[] M { get; }
        public Variable[] V { get; }
        public Variable T { get; } = new(Tensor.Constant(0f), trainable: false);

        public Model()
        {
            M = Weights.Select(w => new Variable(Tensor.Zeros(w.Shape, DType.Float32), trainable: false)).ToArray();
            V = Weights.Select(w => new Variable(Tensor.Zeros(w.Shape, DType.Float32), trainable: false)).ToArray();
        }

        public Tensor Step(Tensor x, Tensor y)
        {
            Tensor loss;
            Tensor[] g;
            using (var tape = new GradientTape())
            {
                var h = Ops.Relu(Ops.MatMul(x, Weights[0]) + Weights[1]);
                var p = Ops.Softmax(Ops.MatMul(h, Weights[2]) + Weights[3]);
                loss = -Ops.Mean(Ops.Sum(y * Ops.Log(p), [1]));
                g = tape.Gradient(loss, Weights);
            }
            T.AssignAdd(Ops.OnesLike(T));
            var stepSize = Ops.Sqrt(1 - Ops.Pow(Tensor.Constant(0.999f), T)) / (1 - Ops.Pow(Tensor.Constant(0.9f), T)) * 0.001;
            for (int i = 0; i < Weights.Length; i++)
            {
                M[i].Assign(M[i] * 0.9 + g[i] * 0.1);
                V[i].Assign(V[i] * 0.999 + Ops.Square(g[i]) * 0.001);
                Weights[i].Assign(Weights[i] - stepSize * M[i] / (Ops.Sqrt(V[i]) + 1e-7));
            }
            return loss;
        }
    }

    public static void Run(string[] args)
    {
        int batch = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 32;
        double seconds = args.Length > 1 ? double.Parse(args[1], CultureInfo.InvariantCulture) : 3;
        var x = Tensor.RandomNormal([batch, 784], seed: 7);
        var y = Ops.OneHot(Tensor.Constant(Enumerable.Range(0, batch).Select(i => i % 10).ToArray()), 10);
        var eager = new Model();
        var traced = new Model();
        var f = Function.Trace((Tensor a, Tensor b) => traced.Step(a, b));
        var concrete = f.GetConcreteFunction(new TensorSpec(x.Shape, x.DType), new TensorSpec(y.Shape, y.DType));
        var unplannedModel = new Model();
        var unplanned = Function.Trace((Tensor a, Tensor b) => unplannedModel.Step(a, b), options: GraphOptions.Default with { PlannedExecution = false });
        // Two rounds: the first also pays for tiered JIT; read the second.
        for (int round = 1; round <= 2; round++)
        {
            Console.WriteLine($"round {round}: seed MLP training step, batch {batch}, MaxThreads {Threading.MaxThreads}");
            Measure("eager", () => eager.Step(x, y), batch, seconds);
            Measure("traced, TracedFunction.Invoke", () => f.Invoke(x, y), batch, seconds);
            Measure("traced, planned InvokeBorrowed", () => concrete.InvokeBorrowed(x, y), batch, seconds);
            Measure("traced, unplanned (GraphExecutor)", () => unplanned.Invoke(x, y), batch, seconds);
        }
    }

    private static void Measure(string name, Action step, int batch, double seconds)
    {
        for (int i = 0; i < 5; i++)
        {
            step();
        }
        int steps = 0;
        long bytes = GC.GetAllocatedBytesForCurrentThread();
        int gen0 = GC.CollectionCount(0);
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed.TotalSeconds < seconds)
        {
            step();
            steps++;
        }
        watch.Stop();
        double perSecond = steps / watch.Elapsed.TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name,-36} {perSecond,9:F1} steps/s {perSecond * batch,10:F0} samples/s {(GC.GetAllocatedBytesForCurrentThread() - bytes) / steps,9} B/step (this thread) gen0 GCs {GC.CollectionCount(0) - gen0}"));
    }
}
