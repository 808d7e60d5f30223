using Trellis.Operations;

namespace Trellis.Tests.Operations;

/// <summary>Shape rules with unknown dimensions (-1), as a graph tracer sees them: unknown sizes pass through instead of failing.</summary>
public class LayoutShapeInferenceTests
{
    private static TensorSpec F32(params int[] dims) => new(new Shape(dims), DType.Float32);

    [Fact]
    public void Concat_UnknownBatch_KeepsItAndAddsKnownAxis()
    {
        TensorSpec y = new ConcatOp(1).InferOutput([F32(-1, 3), F32(-1, 4)]);
        Assert.Equal(new Shape(-1, 7), y.Shape);
    }

    [Fact]
    public void Concat_UnknownAlongAxis_GivesUnknown()
    {
        Assert.Equal(new Shape(-1, 3), new ConcatOp(0).InferOutput([F32(-1, 3), F32(2, 3)]).Shape);
    }

    [Fact]
    public void TransposeAndTile_UnknownDim_MovesOrStaysUnknown()
    {
        Assert.Equal(new Shape(5, -1), new TransposeOp(null).InferOutput([F32(-1, 5)]).Shape);
        Assert.Equal(new Shape(-1, 10), new TileOp([3, 2]).InferOutput([F32(-1, 5)]).Shape);
    }

    [Fact]
    public void SliceAndStridedSlice_UnknownDim_GiveUnknownForOpenEnds()
    {
        Assert.Equal(new Shape(-1, 2), new SliceOp([1, 0], [-1, 2]).InferOutput([F32(-1, 5)]).Shape);
        Assert.Equal(new Shape(-1, 3), new StridedSliceOp(new StridedSliceSpec([0, 0], [0, 5], [1, 2], 1, 1)).InferOutput([F32(-1, 5)]).Shape);
    }

    [Fact]
    public void GatherAndOneHot_UnknownBatch_PassThrough()
    {
        var indices = new TensorSpec(new Shape(-1), DType.Int32);
        Assert.Equal(new Shape(-1, 8), new GatherOp(0).InferOutput([F32(100, 8), indices]).Shape);
        Assert.Equal(new Shape(-1, 10), new OneHotOp(10, 1, 0, DType.Float32, -1).InferOutput([indices]).Shape);
    }

    [Fact]
    public void PadAndSqueeze_UnknownDim_StayUnknown()
    {
        Assert.Equal(new Shape(-1, 8), new PadOp([1, 1], [0, 2], 0).InferOutput([F32(-1, 5)]).Shape);
        Assert.Equal(new Shape(-1, 5), new SqueezeOp(null).InferOutput([F32(-1, 1, 5)]).Shape);
    }
}
