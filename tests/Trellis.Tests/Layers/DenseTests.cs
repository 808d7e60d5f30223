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
        var dense = new Dense(3, activation: "tanh", dtype: DType.Float64, kernelInitializer: "random_normal", biasInitializer: "random_normal");
        var x = Tensor.RandomNormal([4, 5], seed: 5, dtype: DType.Float64);
        var y = Tensor.RandomNormal([4, 3], seed: 6, dtype: DType.Float64);
        var loss = new Trellis.Losses.MeanSquaredError();
        dense.Apply(x);
        double Loss() => loss.Compute(y, dense.Apply(x)).Item<double>();

        Tensor[] grads;
        using (var tape = new GradientTape())
        {
            grads = tape.Gradient(loss.Compute(y, dense.Apply(x)), [dense.Kernel!, dense.Bias!]);
        }

        const double h = 1e-6;
        foreach (var (variable, grad) in new[] { (dense.Kernel!, grads[0]), (dense.Bias!, grads[1]) })
        {
            double[] values = variable.ToArray<double>(), g = grad.ToArray<double>();
            for (int i = 0; i < values.Length; i++)
            {
                double saved = values[i];
                values[i] = saved + h;
                variable.Assign(Tensor.Constant(values, variable.Shape));
                double up = Loss();
                values[i] = saved - h;
                variable.Assign(Tensor.Constant(values, variable.Shape));
                double down = Loss();
                values[i] = saved;
                variable.Assign(Tensor.Constant(values, variable.Shape));
                Assert.Equal((up - down) / (2 * h), g[i], 1e-8);
            }
        }
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
