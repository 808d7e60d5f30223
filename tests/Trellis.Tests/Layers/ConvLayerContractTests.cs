using Trellis.Checkpoints;
using Trellis.Layers;
using Trellis.Tests.TestSupport;

namespace Trellis.Tests.Layers;

/// <summary>
/// The checks of <see cref="LayerContractTests"/> (build, shapes, weight counts, Keras 3 base config, one training
/// step lowers a loss, bit-exact checkpoint round trip into an unbuilt layer) for the convolution, pooling and
/// resizing layers.
/// </summary>
public sealed class ConvLayerContractTests
{

    public static TheoryData<string> Layers() =>
    [
        "conv1d", "conv1d_causal", "conv2d", "conv2d_channels_first", "conv2d_groups", "conv2d_transpose", "depthwise_conv2d",
        "separable_conv2d", "max_pooling1d", "max_pooling2d", "average_pooling1d", "average_pooling2d", "global_max_pooling1d",
        "global_average_pooling2d", "up_sampling2d", "zero_padding2d", "cropping2d",
    ];


    [Theory]
    [MemberData(nameof(Layers))]
    public void Layer_PassesContract(string kind) => LayerAssert.SatisfiesContract(() => Make(kind));

    private static LayerCase Make(string kind)
    {
        Tensor seq = Tensor.RandomNormal([2, 7, 3], seed: 1);
        Tensor img = Tensor.RandomNormal([2, 6, 5, 4], seed: 1);
        return kind switch
        {
            "conv1d" => new LayerCase(new Conv1D(4, [3], [2], "same"), seq, new Shape(2, 4, 4), 2, 2),
            "conv1d_causal" => new LayerCase(new Conv1D(2, [3], padding: "causal", dilationRate: [2], activation: "relu"), seq, new Shape(2, 7, 2), 2, 2),
            "conv2d" => new LayerCase(new Conv2D(3, [3, 2]), img, new Shape(2, 4, 4, 3), 2, 2),
            "conv2d_channels_first" => new LayerCase(new Conv2D(3, [3], padding: "same", dataFormat: "channels_first"), img, new Shape(2, 3, 5, 4), 2, 2),
            "conv2d_groups" => new LayerCase(new Conv2D(6, [3], groups: 2, useBias: false), img, new Shape(2, 4, 3, 6), 1, 1),
            "conv2d_transpose" => new LayerCase(new Conv2DTranspose(2, [3], [2], "same"), img, new Shape(2, 12, 10, 2), 2, 2),
            "depthwise_conv2d" => new LayerCase(new DepthwiseConv2D([3], depthMultiplier: 2), img, new Shape(2, 4, 3, 8), 2, 2),
            "separable_conv2d" => new LayerCase(new SeparableConv2D(5, [3], padding: "same"), img, new Shape(2, 6, 5, 5), 3, 3),
            "max_pooling1d" => new LayerCase(new MaxPooling1D(2), seq, new Shape(2, 3, 3), 0, 0),
            "max_pooling2d" => new LayerCase(new MaxPooling2D([2, 2], padding: "same"), img, new Shape(2, 3, 3, 4), 0, 0),
            "average_pooling1d" => new LayerCase(new AveragePooling1D(3, 2), seq, new Shape(2, 3, 3), 0, 0),
            "average_pooling2d" => new LayerCase(new AveragePooling2D([3, 3], [1, 1]), img, new Shape(2, 4, 3, 4), 0, 0),
            "global_max_pooling1d" => new LayerCase(new GlobalMaxPooling1D(), seq, new Shape(2, 3), 0, 0),
            "global_average_pooling2d" => new LayerCase(new GlobalAveragePooling2D(), img, new Shape(2, 4), 0, 0),
            "up_sampling2d" => new LayerCase(new UpSampling2D(), img, new Shape(2, 12, 10, 4), 0, 0),
            "zero_padding2d" => new LayerCase(new ZeroPadding2D([1, 2]), img, new Shape(2, 8, 9, 4), 0, 0),
            "cropping2d" => new LayerCase(new Cropping2D([1, 2]), img, new Shape(2, 4, 1, 4), 0, 0),
            _ => throw new ArgumentException(kind),
        };
    }
}
