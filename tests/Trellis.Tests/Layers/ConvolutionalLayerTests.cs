using Trellis.Layers;
using Trellis.Tests.TestSupport;

namespace Trellis.Tests.Layers;

public class ConvolutionalLayerTests
{
    private const DType F64 = DType.Float64;

    [Theory]
    [InlineData("valid", 1, 1, 1, "channels_last", new[] { 2, 5, 4 })]
    [InlineData("same", 2, 1, 1, "channels_last", new[] { 2, 4, 4 })]
    [InlineData("causal", 1, 2, 1, "channels_last", new[] { 2, 7, 4 })]
    [InlineData("valid", 1, 1, 2, "channels_last", new[] { 2, 5, 4 })]
    [InlineData("same", 1, 1, 1, "channels_first", new[] { 2, 4, 7 })]
    public void Conv1D_Options_PassLayerChecks(string padding, int stride, int dilation, int groups, string format, int[] expected)
    {
        var layer = new Conv1D(4, [3], [stride], padding, format, [dilation], groups, activation: "tanh", dtype: F64);
        Shape input = format == "channels_last" ? [2, 7, 2] : [2, 2, 7];
        ConvLayerChecks.Check(layer, input, expected, ["kernel", "bias"], [[3, 2 / groups, 4], [4]]);
    }

    [Theory]
    [InlineData("valid", new[] { 1, 1 }, new[] { 1, 1 }, 1, new[] { 2, 3, 2, 4 })]
    [InlineData("same", new[] { 2, 2 }, new[] { 1, 1 }, 1, new[] { 2, 3, 2, 4 })]
    [InlineData("valid", new[] { 1, 1 }, new[] { 2, 1 }, 2, new[] { 2, 1, 2, 4 })]
    public void Conv2D_Options_PassLayerChecks(string padding, int[] strides, int[] dilation, int groups, int[] expected)
    {
        var layer = new Conv2D(4, [3, 2], strides, padding, dilationRate: dilation, groups: groups, dtype: F64);
        ConvLayerChecks.Check(layer, [2, 5, 3, 2], expected, ["kernel", "bias"], [[3, 2, 2 / groups, 4], [4]]);
    }

    [Fact]
    public void Conv2D_ChannelsFirst_EqualsChannelsLastTransposed()
    {
        var last = new Conv2D(3, [3, 3], [2, 1], "same", activation: "relu");
        var first = new Conv2D(3, [3, 3], [2, 1], "same", "channels_first", activation: "relu");
        Tensor x = Tensor.RandomUniform([2, 6, 5, 4], -1, 1, seed: 1);
        Tensor yLast = last.Apply(x);
        first.EnsureBuilt([2, 4, 6, 5]);
        first.Kernel!.Assign(last.Kernel!);
        first.Bias!.Assign(Tensor.RandomUniform([3], -1, 1, seed: 2));
        last.Bias!.Assign(first.Bias!);
        yLast = last.Apply(x);
        Tensor yFirst = first.Apply(Ops.Transpose(x, [0, 3, 1, 2]));
        TensorAssert.Close(yLast, Ops.Transpose(yFirst, [0, 2, 3, 1]), rtol: 1e-6, atol: 1e-6);
    }

    [Theory]
    [InlineData("same", null, new[] { 2, 6, 4, 3 })]
    [InlineData("valid", null, new[] { 2, 7, 5, 3 })]
    [InlineData("same", 1, new[] { 2, 6, 4, 3 })]
    [InlineData("valid", 1, new[] { 2, 8, 6, 3 })]
    public void Conv2DTranspose_Options_PassLayerChecks(string padding, int? outputPadding, int[] expected)
    {
        var layer = new Conv2DTranspose(3, [3, 3], [2, 2], padding, outputPadding is int op ? [op] : null, dtype: F64);
        ConvLayerChecks.Check(layer, [2, 3, 2, 2], expected, ["kernel", "bias"], [[3, 3, 3, 2], [3]]);
    }

    [Fact]
    public void DepthwiseConv2D_PassesLayerChecks()
    {
        var layer = new DepthwiseConv2D([3, 3], [1, 2], "same", depthMultiplier: 2, dtype: F64);
        ConvLayerChecks.Check(layer, [1, 4, 5, 3], [1, 4, 3, 6], ["depthwise_kernel", "bias"], [[3, 3, 3, 2], [6]]);
    }

    [Fact]
    public void SeparableConv2D_PassesLayerChecks()
    {
        var layer = new SeparableConv2D(4, [2, 2], depthMultiplier: 2, dtype: F64);
        ConvLayerChecks.Check(layer, [2, 4, 3, 2], [2, 3, 2, 4], ["depthwise_kernel", "pointwise_kernel", "bias"], [[2, 2, 2, 2], [1, 1, 4, 4], [4]]);
    }

    [Fact]
    public void SeparableConv2D_Dl4jKerasSepconvFixture_ReproducesStatedOutput()
    {
        // ../shared/fixtures/dl4j_keras/weights/sepconv2d_tensorflow_2.h5 (MANIFEST 2a): depthwise = arange(90)
        // reshaped (3, 3, 5, 2), pointwise = arange(60) reshaped (1, 1, 10, 6), bias 0, all-ones input (3, 4, 5).
        var layer = new SeparableConv2D(6, [3, 3], depthMultiplier: 2);
        layer.EnsureBuilt([1, 3, 4, 5]);
        layer.DepthwiseKernel!.Assign(Ops.Reshape(Tensor.Range(0, 90, dtype: DType.Float32), [3, 3, 5, 2]));
        layer.PointwiseKernel!.Assign(Ops.Reshape(Tensor.Range(0, 60, dtype: DType.Float32), [1, 1, 10, 6]));
        layer.Bias!.Assign(Tensor.Zeros([6]));
        Tensor y = layer.Apply(Tensor.Ones([1, 3, 4, 5]));
        Assert.Equal(new Shape(1, 1, 2, 6), y.Shape);
        float[] position = [112590, 116595, 120600, 124605, 128610, 132615];
        Assert.Equal([.. position, .. position], y.ToArray<float>());
    }

    [Fact]
    public void Conv2D_GetConfig_HasKeras3Keys()
    {
        var config = new Conv2D(8, [3], [2], "same", activation: "relu", name: "c").GetConfig();
        string[] keys = ["name", "trainable", "dtype", "filters", "kernel_size", "strides", "padding", "data_format", "dilation_rate", "groups",
            "activation", "use_bias", "kernel_initializer", "bias_initializer", "kernel_regularizer", "bias_regularizer",
            "activity_regularizer", "kernel_constraint", "bias_constraint"];
        Assert.Equal(keys.Order(), config.Keys.Order());
        Assert.Equal(new List<object?> { 3, 3 }, config["kernel_size"]);
        Assert.Equal(new List<object?> { 2, 2 }, config["strides"]);
        Assert.Equal("same", config["padding"]);
        Assert.Equal("channels_last", config["data_format"]);
        Assert.Equal(8, config["filters"]);
    }

    [Fact]
    public void SeparableAndDepthwise_GetConfig_HaveKerasWeightKeys()
    {
        var sep = new SeparableConv2D(4, [3], depthMultiplier: 2).GetConfig();
        Assert.Equal(2, sep["depth_multiplier"]);
        Assert.True(sep.ContainsKey("pointwise_initializer"));
        Assert.True(sep.ContainsKey("depthwise_regularizer"));
        var dw = new DepthwiseConv2D([3]).GetConfig();
        Assert.False(dw.ContainsKey("filters"));
        Assert.True(dw.ContainsKey("depthwise_initializer"));
        Assert.Null(new Conv2DTranspose(2, [3]).GetConfig()["output_padding"]);
    }

    [Fact]
    public void Conv2D_WrongChannelsAfterBuild_ThrowsNamingLayer()
    {
        var layer = new Conv2D(2, [3], name: "conv_check");
        layer.Apply(Tensor.Ones([1, 5, 5, 3]));
        var ex = Assert.Throws<ArgumentException>(() => layer.Apply(Tensor.Ones([1, 5, 5, 4])));
        Assert.Contains("conv_check", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Conv2D_InvalidArguments_Throw()
    {
        Assert.Throws<ArgumentException>(() => new Conv2D(4, [3], padding: "causal"));
        Assert.Throws<ArgumentException>(() => new Conv2D(5, [3], groups: 2));
        Assert.Throws<ArgumentException>(() => new Conv2D(4, [3, 3, 3]));
        Assert.Throws<ArgumentException>(() => new Conv2D(4, [3], dataFormat: "nchw"));
    }

    [Fact]
    public void DefaultNames_AreKerasSnakeCase()
    {
        string[] names =
        [
            new Conv1D(1, [1]).Name, new Conv2D(1, [1]).Name, new Conv2DTranspose(1, [1]).Name, new DepthwiseConv2D([1]).Name,
            new SeparableConv2D(1, [1]).Name, new MaxPooling2D().Name, new AveragePooling1D().Name, new GlobalAveragePooling2D().Name,
            new UpSampling2D().Name, new ZeroPadding2D().Name, new Cropping2D().Name,
        ];
        string[] expected =
        [
            "conv1d", "conv2d", "conv2d_transpose", "depthwise_conv2d", "separable_conv2d", "max_pooling2d", "average_pooling1d",
            "global_average_pooling2d", "up_sampling2d", "zero_padding2d", "cropping2d",
        ];
        for (int i = 0; i < names.Length; i++)
        {
            Assert.Matches($"^{expected[i]}(_[0-9]+)?$", names[i]);
        }
    }
}
