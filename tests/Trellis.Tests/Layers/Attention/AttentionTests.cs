using Trellis.Layers;
using Trellis.Tests.Layers.Recurrent;
using Trellis.Tests.TestSupport;

namespace Trellis.Tests.Layers.Attention;

public class AttentionTests
{
    private static Tensor Random(Shape shape, int seed) => Tensor.RandomNormal(shape, seed: seed, dtype: DType.Float64);

    [Fact]
    public void Attention_Dot_EqualsSoftmaxOfScoresTimesValue()
    {
        var layer = new Trellis.Layers.Attention(dtype: DType.Float64);
        Tensor q = Random([2, 3, 4], 1), v = Random([2, 5, 4], 2), k = Random([2, 5, 4], 3);

        AttentionResult r = layer.ApplyWithScores(q, v, k);

        Tensor weights = Ops.Softmax(Ops.MatMul(q, k, transposeB: true));
        TensorAssert.Close(weights, r.Scores, rtol: 1e-14, atol: 1e-15, context: "weights");
        TensorAssert.Close(Ops.MatMul(weights, v), r.Output, rtol: 1e-14, atol: 1e-15, context: "output");
        Assert.Empty(layer.Variables);
    }

    [Fact]
    public void Attention_CausalMask_ZeroWeightAboveDiagonal()
    {
        var layer = new Trellis.Layers.Attention(dtype: DType.Float64);
        Tensor x = Random([1, 4, 3], 4);

        double[] w = layer.ApplyWithScores(x, x, useCausalMask: true).Scores.ToArray<double>();

        for (int i = 0; i < 4; i++)
        {
            for (int j = 0; j < 4; j++)
            {
                Assert.True(j <= i ? w[i * 4 + j] > 0 : w[i * 4 + j] == 0, $"weight[{i},{j}] = {w[i * 4 + j]}");
            }
        }
    }

    [Fact]
    public void Attention_Masks_ValueColumnsGetNoWeightAndPaddedQueriesOutputZero()
    {
        var layer = new Trellis.Layers.Attention(dtype: DType.Float64);
        Tensor q = Random([1, 2, 3], 5), v = Random([1, 3, 3], 6);
        Tensor valueMask = Tensor.Constant(new[] { true, false, true }, [1, 3]);
        Tensor queryMask = Tensor.Constant(new[] { true, false }, [1, 2]);

        AttentionResult r = layer.ApplyWithScores(q, v, queryMask: queryMask, valueMask: valueMask);

        double[] w = r.Scores.ToArray<double>();
        Assert.Equal(0.0, w[1]);
        Assert.Equal(0.0, w[4]);
        Assert.All(r.Output.ToArray<double>()[3..], o => Assert.Equal(0.0, o));
    }

    [Fact]
    public void AdditiveAttention_Scores_AreScaledSumOfTanh()
    {
        var layer = new AdditiveAttention(dtype: DType.Float64);
        Tensor q = Random([1, 2, 3], 7), v = Random([1, 4, 3], 8);
        layer.Apply(q, v);
        Tensor scale = layer.Variables.Single();
        Assert.Equal(new Shape(3), scale.Shape);

        AttentionResult r = layer.ApplyWithScores(q, v);

        Tensor scores = Ops.Sum(scale * Ops.Tanh(Ops.ExpandDims(q, 2) + Ops.ExpandDims(v, 1)), axis: -1);
        TensorAssert.Close(Ops.Softmax(scores), r.Scores, rtol: 1e-14, atol: 1e-15, context: "additive weights");
        Assert.DoesNotContain("score_mode", layer.GetConfig().Keys);
        Assert.Equal(true, layer.GetConfig()["use_scale"]);
    }

    [Fact]
    public void MultiHeadAttention_Build_KerasWeightShapes()
    {
        var mha = new MultiHeadAttention(numHeads: 4, keyDim: 3, valueDim: 5, outputShape: 7);
        Tensor y = mha.Apply(Tensor.Ones([2, 3, 6]), Tensor.Ones([2, 4, 8]));

        Assert.Equal(new Shape(2, 3, 7), y.Shape);
        Assert.Equal(
            [new Shape(6, 4, 3), new Shape(4, 3), new Shape(8, 4, 3), new Shape(4, 3), new Shape(8, 4, 5), new Shape(4, 5), new Shape(4, 5, 7), new Shape(7)],
            mha.Variables.Select(v => v.Shape));
    }

    [Fact]
    public void MultiHeadAttention_GetConfig_HasKeras3Keys()
    {
        var config = new MultiHeadAttention(numHeads: 2, keyDim: 8).GetConfig();

        Assert.Equal(2, config["num_heads"]);
        Assert.Equal(8, config["key_dim"]);
        Assert.Equal(8, config["value_dim"]);
        Assert.Null(config["output_shape"]);
        foreach (string key in new[] { "dropout", "use_bias", "attention_axes", "kernel_initializer", "bias_initializer", "kernel_regularizer", "bias_regularizer", "activity_regularizer", "kernel_constraint", "bias_constraint", "seed" })
        {
            Assert.Contains(key, config.Keys);
        }
    }

    [Fact]
    public void MultiHeadAttention_CausalMask_PerHeadWeightsAreLowerTriangular()
    {
        var mha = new MultiHeadAttention(numHeads: 2, keyDim: 2, dtype: DType.Float64);
        Tensor x = Random([1, 3, 4], 9);

        double[] w = mha.ApplyWithScores(x, x, useCausalMask: true).Scores.ToArray<double>();   // (1, 2, 3, 3)

        for (int h = 0; h < 2; h++)
        {
            Assert.Equal(0.0, w[h * 9 + 1]);
            Assert.Equal(0.0, w[h * 9 + 2]);
            Assert.Equal(0.0, w[h * 9 + 5]);
            Assert.Equal(1.0, w[h * 9], 12);
        }
    }

    [Fact]
    public void MultiHeadAttention_WrongMaskShape_Throws()
    {
        var mha = new MultiHeadAttention(numHeads: 1, keyDim: 2);

        var ex = Assert.Throws<ArgumentException>(() => mha.Apply(Tensor.Ones([1, 3, 4]), Tensor.Ones([1, 3, 4]), attentionMask: Tensor.Ones([1, 3, 5])));
        Assert.Contains("attentionMask of shape (1, 3, 3)", ex.Message, StringComparison.Ordinal);
    }

    public static TheoryData<string> GradientCases => ["attention_scaled", "attention_concat", "additive", "mha_causal", "mha_cross_masked"];

    [Theory]
    [MemberData(nameof(GradientCases))]
    public void Gradients_MatchFiniteDifferences(string kind)
    {
        const DType F64 = DType.Float64;
        Tensor q = Random([2, 3, 4], 11), v = Random([2, 2, 4], 12);
        Tensor valueMask = Tensor.Constant(new[] { true, true, true, false }, [2, 2]);
        (Layer layer, Func<Tensor, Tensor, Tensor> run) = kind switch
        {
            "attention_scaled" => Pair(new Trellis.Layers.Attention(useScale: true, dtype: F64), (l, a, b) => ((Trellis.Layers.Attention)l).Apply(a, b, valueMask: valueMask)),
            "attention_concat" => Pair(new Trellis.Layers.Attention(useScale: true, scoreMode: "concat", dtype: F64), (l, a, b) => ((Trellis.Layers.Attention)l).Apply(a, b)),
            "additive" => Pair(new AdditiveAttention(dtype: F64), (l, a, b) => ((AdditiveAttention)l).Apply(a, b)),
            "mha_causal" => Pair(new MultiHeadAttention(2, 2, dtype: F64), (l, a, _) => ((MultiHeadAttention)l).Apply(a, a, useCausalMask: true)),
            _ => Pair(new MultiHeadAttention(2, 3, valueDim: 2, dtype: F64), (l, a, b) => ((MultiHeadAttention)l).Apply(a, b, valueMask: valueMask)),
        };
        run(q, v);
        int seed = 20;
        foreach (Variable w in layer.Variables)
        {
            w.Assign(Tensor.RandomNormal(w.Shape, stddev: 0.7, seed: seed++, dtype: F64));
        }

        GradientAssert.MatchesFiniteDifferences(xs => run(xs[0], xs[1]), [q, v], tolerance: 1e-6, name: kind);
        LayerGradients.CheckWeights(() => run(q, v), layer.TrainableVariables, tolerance: 1e-6, name: kind);

        static (Layer, Func<Tensor, Tensor, Tensor>) Pair(Layer l, Func<Layer, Tensor, Tensor, Tensor> f) => (l, (a, b) => f(l, a, b));
    }
}
