using Trellis.Layers;
using Trellis.Tests.TestSupport;

namespace Trellis.Tests.Layers;

public class DenseTests
{
    [Fact]
    public void Apply_Forward_EqualsXTimesKernelPlusBias()
    {
        var dense = new Dense(3, dtype: DType.Float64);
        var x = Tensor.RandomNormal([4, 5], seed: 3, dtype: DType.Float64);
        var y = dense.Apply(x);

        double[] xs = x.ToArray<double>(), k = dense.Kernel!.ToArray<double>(), b = dense.Bias!.ToArray<double>();
        var expected = new double[4 * 3];
        for (int i = 0; i < 4; i++)
        {
            for (int j = 0; j < 3; j++)
            {
                double s = b[j];
                for (int p = 0; p < 5; p++)
                {
                    s += xs[i * 5 + p] * k[p * 3 + j];
                }
                expected[i * 3 + j] = s;
            }
        }
        TensorAssert.Close(Tensor.Constant(expected, [4, 3]), y, rtol: 1e-12);
    }

    [Fact]
    public void Build_KernelAndBias_HaveKerasShapesAndNames()
    {
        var dense = new Dense(10);
        dense.Apply(Tensor.Ones([2, 7]));

        Assert.Equal(new Shape(7, 10), dense.Kernel!.Shape);
        Assert.Equal(new Shape(10), dense.Bias!.Shape);
        Assert.Equal(["kernel", "bias"], dense.ExplicitChildren.Select(c => c.Key));
        Assert.True(dense.Bias.ToArray<float>().All(v => v == 0));
    }

    [Fact]
    public void Apply_Rank3Input_MultipliesLastAxis()
    {
        var dense = new Dense(2, kernelInitializer: "ones");
        var y = dense.Apply(Tensor.Ones([2, 3, 4]));

        Assert.Equal(new Shape(2, 3, 2), y.Shape);
        Assert.True(y.ToArray<float>().All(v => v == 4));
    }

    [Fact]
    public void Gradient_DenseAndLoss_MatchesFiniteDifferences()
    {
        var x = Tensor.RandomNormal([3, 4], seed: 5, dtype: DType.Float64);
        var k = Tensor.RandomNormal([4, 2], seed: 6, dtype: DType.Float64);
        var b = Tensor.RandomNormal([2], seed: 7, dtype: DType.Float64);
        var labels = Tensor.Constant(new double[] { 1, 0, 0, 1, 1, 0 }, [3, 2]);
        var loss = new Trellis.Losses.CategoricalCrossentropy();

        GradientCheck.Check(inputs =>
        {
            var dense = new Dense(2, activation: "softmax", dtype: DType.Float64);
            dense.Apply(inputs[0]);
            dense.Kernel!.Assign(Tensor.Zeros([4, 2], DType.Float64));
            // The weights are the differentiated inputs: rebuild the same math from them.
            var logits = Ops.MatMul(inputs[0], inputs[1]) + inputs[2];
            return loss.Compute(labels, Trellis.Activations.ActivationFunctions.Softmax(logits));
        }, [x, k, b], tolerance: 1e-6);
    }

    [Fact]
    public void GetConfig_HasKeras3Keys()
    {
        var config = new Dense(5, activation: "relu").GetConfig();

        Assert.Equal(5, config["units"]);
        Assert.Equal("relu", config["activation"]);
        Assert.Equal(true, config["use_bias"]);
        var init = Assert.IsType<Dictionary<string, object?>>(config["kernel_initializer"]);
        Assert.Equal("GlorotUniform", init["class_name"]);
        foreach (var key in new[] { "name", "trainable", "dtype", "bias_initializer", "kernel_regularizer", "bias_regularizer", "kernel_constraint", "bias_constraint" })
        {
            Assert.True(config.ContainsKey(key), key);
        }
    }
}
