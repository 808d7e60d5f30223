using Trellis.Layers;
using Trellis.Tests.TestSupport;

namespace Trellis.Tests.Layers;

public class PoolingLayerTests
{
    private const DType F64 = DType.Float64;

    public static TheoryData<Func<Layer>, int[], int[]> Layers => new()
    {
        { () => new MaxPooling2D([2, 2], dtype: F64), [2, 4, 6, 3], [2, 2, 3, 3] },
        { () => new MaxPooling2D([3, 3], [2, 2], "same", dtype: F64), [1, 5, 5, 2], [1, 3, 3, 2] },
        { () => new AveragePooling2D([2, 3], [1, 2], "same", dtype: F64), [1, 4, 5, 2], [1, 4, 3, 2] },
        { () => new AveragePooling2D([2, 2], dataFormat: "channels_first", dtype: F64), [1, 2, 4, 4], [1, 2, 2, 2] },
        { () => new MaxPooling1D(2, dtype: F64), [2, 7, 3], [2, 3, 3] },
        { () => new AveragePooling1D(3, 1, "same", dtype: F64), [2, 5, 3], [2, 5, 3] },
        { () => new GlobalAveragePooling2D(dtype: F64), [2, 3, 4, 5], [2, 5] },
        { () => new GlobalMaxPooling2D(keepDims: true, dtype: F64), [2, 3, 4, 5], [2, 1, 1, 5] },
        { () => new GlobalAveragePooling1D(dataFormat: "channels_first", dtype: F64), [2, 3, 4], [2, 3] },
        { () => new GlobalMaxPooling1D(dtype: F64), [2, 3, 4], [2, 4] },
        { () => new UpSampling2D([2, 3], dtype: F64), [1, 2, 3, 2], [1, 4, 9, 2] },
        { () => new ZeroPadding2D([1, 2], dtype: F64), [1, 2, 3, 2], [1, 4, 7, 2] },
        { () => new Cropping2D([1, 0, 1, 2], dtype: F64), [1, 4, 5, 2], [1, 3, 2, 2] },
        { () => new Cropping2D([1], "channels_first", dtype: F64), [1, 2, 4, 5], [1, 2, 2, 3] },
    };

    [Theory]
    [MemberData(nameof(Layers))]
    public void PoolingAndResizingLayers_PassLayerChecks(Func<Layer> create, int[] input, int[] expected)
        => ConvLayerChecks.Check(create(), input, expected, [], []);

    [Fact]
    public void UpSampling2D_RepeatsPixels()
    {
        Tensor x = Tensor.Constant(new float[] { 1, 2, 3, 4 }, [1, 2, 2, 1]);
        Tensor y = new UpSampling2D([2]).Apply(x);
        Assert.Equal(new float[] { 1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4 }, y.ToArray<float>());
    }

    [Fact]
    public void ZeroPaddingThenCropping_RoundTrips()
    {
        Tensor x = Tensor.RandomUniform([2, 3, 4, 2], -1, 1, seed: 1);
        Tensor padded = new ZeroPadding2D([1, 2, 3, 0]).Apply(x);
        Assert.Equal(new Shape(2, 6, 7, 2), padded.Shape);
        TensorAssert.BitEqual(x, new Cropping2D([1, 2, 3, 0]).Apply(padded));
    }

    [Fact]
    public void Pooling_GetConfig_HasKeras3Keys()
    {
        var config = new MaxPooling2D([3], padding: "same").GetConfig();
        Assert.Equal(new[] { "data_format", "dtype", "name", "padding", "pool_size", "strides", "trainable" }, config.Keys.Order());
        Assert.Equal(new List<object?> { 3, 3 }, config["strides"]);
        var global = new GlobalAveragePooling2D(keepDims: true).GetConfig();
        Assert.Equal(true, global["keepdims"]);
        var pad = new ZeroPadding2D([1, 2]).GetConfig();
        Assert.Equal(new List<object?> { new List<object?> { 1, 1 }, new List<object?> { 2, 2 } }, pad["padding"]);
    }
}
