using Trellis.Layers;
using Trellis.Models;
using Trellis.Optimizers;
using Trellis.Tests.TestSupport;

namespace Trellis.Tests.Models;

/// <summary>runEagerly steps run in a TensorScope: large intermediates are pooled, results and weights are unchanged.</summary>
[Collection(TensorPoolGroup.Name)]
public class EagerScopeTests
{
    private static readonly Lazy<Sequential> s_initial = new(() => Build(null));

    // Wide enough that activations (64 × 128 float32 = 32 KB) are pooled.
    private static Sequential Build(Layer? probe) => new(
        new Dense(128, "relu", inputShape: [80]),
        new BatchNormalization(),
        new Dropout(0.2, seed: 4),
        probe ?? new Activation("linear"),
        new Dense(4, "softmax"));

    private static Sequential NewModel(bool runEagerly, Layer? probe = null)
    {
        var model = Build(probe);
        model.SetWeights([.. s_initial.Value.GetWeights()]); // the same starting point for every model
        model.Compile(new Adam(0.01), "categorical_crossentropy", ["accuracy"], runEagerly: runEagerly);
        return model;
    }

    private static (Tensor X, Tensor Y) Data(int n)
    {
        var x = Tensor.RandomNormal([n, 80], seed: 11);
        var labels = Enumerable.Range(0, n).Select(i => (i * 5) % 4).ToArray();
        return (x, Ops.OneHot(Tensor.Constant(labels, [n]), 4));
    }

    [Fact]
    public void EagerFit_PoolsIntermediates_AndEqualsTracedFit()
    {
        var (x, y) = Data(200);
        var probe = new ScopeProbe();
        var eager = NewModel(runEagerly: true, probe);
        var traced = NewModel(runEagerly: false);
        var eagerHistory = eager.Fit(x, y, batchSize: 64, epochs: 2, verbose: 0, seed: 3, validationData: (x, y));
        var tracedHistory = traced.Fit(x, y, batchSize: 64, epochs: 2, verbose: 0, seed: 3, validationData: (x, y));

        Assert.True(probe.PooledCalls > 0, "no pooled activation reached the probe layer");
        foreach (var key in new[] { "loss", "accuracy", "val_loss", "val_accuracy" })
        {
            for (int e = 0; e < 2; e++)
            {
                Assert.Equal(tracedHistory[key][e], eagerHistory[key][e], 1e-6);
            }
        }
        var a = eager.GetWeights();
        var b = traced.GetWeights();
        for (int i = 0; i < a.Length; i++)
        {
            Assert.False(a[i].IsReleased);
            TensorAssert.Close(b[i], a[i], rtol: 1e-5, atol: 1e-6, context: $"weight {i}");
        }
    }

    [Fact]
    public void EagerPredict_ResultSurvives_AndJoinsTheCallersScope()
    {
        var (x, _) = Data(300);
        var model = NewModel(runEagerly: true);
        var expected = NewModel(runEagerly: false).Predict(x, batchSize: 300);
        var plain = model.Predict(x, batchSize: 300);
        Assert.Null(plain.OwnerScope);
        TensorAssert.Close(expected, plain, rtol: 1e-6, atol: 1e-7);

        Tensor scoped;
        using (var scope = new TensorScope())
        {
            var wide = model.Layers[0].Apply(x); // (300, 128): pooled
            Assert.Same(scope, wide.OwnerScope);
            scoped = model.Predict(Tensor.RandomNormal([3000, 80], seed: 12), batchSize: 3000); // (3000, 4): 48 KB
            Assert.Same(scope, scoped.OwnerScope);
        }
        Assert.True(scoped.IsReleased);
    }

    [Fact]
    public void EagerSeedMlpStep_AllocatesLittleOnceWarm()
    {
        // Without the step's scope a batch-128 step allocates about 1.2 MB (the 784×128 kernel's gradient alone is
        // 400 KB); with it the large arrays come back from the pool and about 90 KB of small objects remain.
        var model = new Sequential(new Dense(128, "relu", inputShape: [784]), new Dense(10, "softmax"));
        model.Compile(new Adam(), "categorical_crossentropy", runEagerly: true);
        var x = Tensor.RandomUniform([128, 784], seed: 3);
        var y = Ops.OneHot(Tensor.Constant(Enumerable.Range(0, 128).Select(i => i % 10).ToArray(), [128]), 10);
        for (int i = 0; i < 30; i++)
        {
            model.TrainOnBatch(x, y);
        }
        long best = long.MaxValue;
        for (int round = 0; round < 3; round++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 10; i++)
            {
                model.TrainOnBatch(x, y);
            }
            best = Math.Min(best, (GC.GetAllocatedBytesForCurrentThread() - before) / 10);
        }
        Assert.True(best < 400_000, $"{best} bytes per eager step");
    }

    /// <summary>Passes its input through, counting calls whose input came from a TensorScope's pool.</summary>
    private sealed class ScopeProbe : Layer
    {
        public int PooledCalls { get; private set; }

        protected override Tensor Call(Tensor inputs)
        {
            if (!inputs.IsSymbolic && inputs.OwnerScope is not null)
            {
                PooledCalls++;
            }
            return inputs;
        }
    }
}
