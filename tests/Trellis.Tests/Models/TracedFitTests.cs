using Trellis.Layers;
using Trellis.Models;
using Trellis.Optimizers;
using Trellis.Tests.TestSupport;

namespace Trellis.Tests.Models;

/// <summary>Fit, Evaluate and Predict run traced steps by default and agree with the eager path (issue 6).</summary>
public class TracedFitTests
{
    private static (Tensor X, Tensor Y) Data(int n)
    {
        var x = Tensor.RandomNormal([n, 12], seed: 5);
        var labels = Enumerable.Range(0, n).Select(i => (i * 7) % 4).ToArray();
        return (x, Ops.OneHot(Tensor.Constant(labels, [n]), 4));
    }

    private static readonly Lazy<Sequential> s_initial = new(() => new Sequential(
        new Dense(16, "relu", inputShape: [12]), new BatchNormalization(), new Dropout(0.25, seed: 3), new Dense(4, "softmax")));

    private static Sequential NewModel(Optimizer optimizer, bool runEagerly)
    {
        var model = new Sequential(
            new Dense(16, "relu", inputShape: [12]),
            new BatchNormalization(),
            new Dropout(0.25, seed: 3),
            new Dense(4, "softmax"));
        // Same starting point for every model of a test.
        model.SetWeights([.. s_initial.Value.GetWeights()]);
        model.Compile(optimizer, "categorical_crossentropy", ["accuracy"], runEagerly: runEagerly);
        return model;
    }

    public static TheoryData<string> Optimizers => ["adam", "adam_amsgrad", "sgd_nesterov", "rmsprop_centered", "nadam", "adamax", "adagrad", "adamw_clipnorm"];

    private static Optimizer Create(string name) => name switch
    {
        "adam" => new Adam(0.01),
        "adam_amsgrad" => new Adam(0.01, amsgrad: true),
        "sgd_nesterov" => new SGD(0.05, momentum: 0.9, nesterov: true),
        "rmsprop_centered" => new RMSprop(0.01, momentum: 0.5, centered: true),
        "nadam" => new Nadam(0.01),
        "adamax" => new Adamax(0.01),
        "adagrad" => new Adagrad(0.05),
        "adamw_clipnorm" => new AdamW(0.01, weightDecay: 0.01, clipnorm: 0.5),
        _ => throw new ArgumentException(name),
    };

    [Theory]
    [MemberData(nameof(Optimizers))]
    public void Fit_TracedDefault_EqualsRunEagerlyWithin1e6(string optimizer)
    {
        var (x, y) = Data(70);
        var traced = NewModel(Create(optimizer), runEagerly: false);
        var eager = NewModel(Create(optimizer), runEagerly: true);
        var tracedHistory = traced.Fit(x, y, batchSize: 16, epochs: 3, verbose: 0, seed: 9);
        var eagerHistory = eager.Fit(x, y, batchSize: 16, epochs: 3, verbose: 0, seed: 9);

        Assert.NotNull(traced.TrainFunction);
        Assert.Null(eager.TrainFunction);
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(eagerHistory["loss"][i], tracedHistory["loss"][i], 1e-6);
            Assert.Equal(eagerHistory["accuracy"][i], tracedHistory["accuracy"][i], 1e-6);
        }
        var a = eager.GetWeights();
        var b = traced.GetWeights();
        for (int i = 0; i < a.Length; i++)
        {
            TensorAssert.Close(a[i], b[i], rtol: 1e-6, atol: 1e-6, context: $"weight {i}");
        }
        foreach (var (slotName, original, slot) in eager.Optimizer!.SlotVariables().ToList())
        {
            int index = eager.Variables.ToList().IndexOf(original);
            var tracedSlot = traced.Optimizer!.GetSlot(traced.Variables[index], slotName)!;
            TensorAssert.Close(slot, tracedSlot, rtol: 1e-6, atol: 1e-6, context: $"slot {slotName} of weight {index}");
        }
        Assert.Equal(eager.Optimizer.Iterations.Item<long>(), traced.Optimizer!.Iterations.Item<long>());
        TensorAssert.Close(eager.Predict(x), traced.Predict(x), rtol: 1e-6, atol: 1e-6);
        var eagerEval = eager.Evaluate(x, y);
        var tracedEval = traced.Evaluate(x, y);
        Assert.Equal(eagerEval["loss"], tracedEval["loss"], 1e-6);
    }

    [Fact]
    public void Fit_TracesOncePerBatchShape_AndNotAgainOnTheNextFit()
    {
        var (x, y) = Data(70);
        var model = NewModel(new Adam(), runEagerly: false);
        model.Fit(x, y, batchSize: 32, epochs: 2, verbose: 0, seed: 1);
        Assert.Equal(2, model.TrainFunction!.TraceCount); // batches of 32 and the last 6
        var function = model.TrainFunction;
        model.Fit(x, y, batchSize: 32, epochs: 1, verbose: 0, seed: 2);
        Assert.Same(function, model.TrainFunction);
        Assert.Equal(2, model.TrainFunction!.TraceCount);
    }

    [Fact]
    public void Fit_AfterFreezingALayer_RetracesAndLeavesTheFrozenWeights()
    {
        var (x, y) = Data(32);
        var model = NewModel(new Adam(0.01), runEagerly: false);
        model.Fit(x, y, batchSize: 32, epochs: 1, verbose: 0, seed: 1);
        var first = model.TrainFunction;
        model.Layers[0].Trainable = false;
        var frozen = model.Layers[0].Variables.Select(v => v.Value()).ToArray();
        model.Fit(x, y, batchSize: 32, epochs: 1, verbose: 0, seed: 1);
        Assert.NotSame(first, model.TrainFunction);
        for (int i = 0; i < frozen.Length; i++)
        {
            TensorAssert.BitEqual(frozen[i], model.Layers[0].Variables[i]);
        }
    }

    [Fact]
    public void Fit_Traced_DropoutDrawsAFreshMaskEveryStep()
    {
        // A mask frozen at trace time would give the same output for the same batch in every step.
        var x = Tensor.Ones([8, 12]);
        var dropout = new Dropout(0.5, seed: 4);
        var model = new Sequential(new Dense(12, inputShape: [12], kernelInitializer: "ones"), dropout);
        model.Compile(new SGD(0.0), "mse");
        long before = dropout.SeedGenerator.Position;
        model.Fit(x, Tensor.Zeros([8, 12], DType.Float32), batchSize: 8, epochs: 3, verbose: 0, shuffle: false);
        Assert.Equal(before + 3 * 8 * 12, dropout.SeedGenerator.Position);
    }

    [Fact]
    public void Fit_LayerThatNeedsConcreteValues_ErrorSuggestsRunEagerly()
    {
        var model = new Sequential(new Dense(4, inputShape: [3]), new ConcreteValueLayer());
        model.Compile("sgd", "mse");
        var error = Assert.Throws<InvalidOperationException>(() => model.Fit(Tensor.Ones([2, 3]), Tensor.Ones([2, 4]), verbose: 0));
        Assert.Contains("runEagerly: true", error.Message, StringComparison.Ordinal);

        model.Compile("sgd", "mse", runEagerly: true);
        var history = model.Fit(Tensor.Ones([2, 3]), Tensor.Ones([2, 4]), verbose: 0);
        Assert.Single(history["loss"]);
    }

    [Fact]
    public void SeedModelTrainStep_Traced_AllocatesZeroBytesPerStepAfterWarmUp()
    {
        // Issue 6: the traced seed-model step (forward, loss, backward, Adam update) of Fit, with the kernels on the
        // worker pool (two threads on this machine): nothing is allocated per step once warm.
        var model = new Sequential(new Dense(128, "relu", inputShape: [784]), new Dense(10, "softmax"));
        model.Compile("adam", "categorical_crossentropy");
        var x = Tensor.RandomNormal([32, 784], seed: 1);
        var y = Ops.OneHot(Tensor.Constant(Enumerable.Range(0, 32).Select(i => i % 10).ToArray(), [32]), 10);
        model.TrainOnBatch(x, y);
        var step = Assert.Single(model.TrainFunction!.Functions);
        Assert.True(step.IsPlanned);
        for (int i = 0; i < 200; i++)
        {
            step.InvokeBorrowed(x, y); // warm-up: plans, packing buffers, JIT tiering
        }
        long best = long.MaxValue;
        for (int round = 0; round < 3 && best != 0; round++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 100; i++)
            {
                step.InvokeBorrowed(x, y);
            }
            best = Math.Min(best, GC.GetAllocatedBytesForCurrentThread() - before);
        }
        Assert.Equal(0, best);
        // The step really ran: 1 + 200 + 100 to 300 Adam updates.
        Assert.InRange(model.Optimizer!.Iterations.Item<long>(), 301L, 501L);
    }

    private sealed class ConcreteValueLayer : Layer
    {
        protected override Tensor Call(Tensor inputs) => Ops.Sum(inputs).Item<float>() > 0 ? inputs : -inputs;
    }
}
