namespace Trellis.Tests.Operations;

/// <summary>Bad inputs to the layout ops: each error names the op, what it received and what it expected.</summary>
public class LayoutErrorTests
{
    private static readonly Tensor Matrix = Tensor.Zeros([2, 3]);

    [Fact]
    public void Concat_MismatchedOtherAxis_NamesAxisAndShapes()
    {
        var e = Assert.Throws<ArgumentException>(() => Ops.Concat([Tensor.Zeros([2, 3]), Tensor.Zeros([4, 3])], axis: 1));
        Assert.Equal("Concat: all inputs must have the same shape except along axis 1, but received (2, 3) and (4, 3).", e.Message);
    }

    [Fact]
    public void Concat_MixedDTypes_SuggestsCast()
    {
        var e = Assert.Throws<ArgumentException>(() => Ops.Concat([Matrix, Tensor.Zeros([2, 3], DType.Int32)]));
        Assert.Contains("float32(2, 3) and int32(2, 3)", e.Message, StringComparison.Ordinal);
        Assert.Contains("Ops.Cast", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Concat_Empty_Throws()
    {
        var e = Assert.Throws<ArgumentException>(() => Ops.Concat([]));
        Assert.StartsWith("Concat: expected at least one tensor", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Transpose_RepeatedAxis_SaysExpectedPermutation()
    {
        var e = Assert.Throws<ArgumentException>(() => Ops.Transpose(Matrix, [1, 1]));
        Assert.Equal("Transpose: perm [1, 1] is not a permutation of the axes of the input float32(2, 3) (entry 1 is repeated); expected a permutation of 0..1.", e.Message);
    }

    [Fact]
    public void Transpose_WrongLength_NamesRank()
    {
        var e = Assert.Throws<ArgumentException>(() => Ops.Transpose(Matrix, [0, 1, 2]));
        Assert.Contains("has 3 entries but the input float32(2, 3) has rank 2", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Squeeze_AxisNotOfSizeOne_SaysSize()
    {
        var e = Assert.Throws<ArgumentException>(() => Ops.Squeeze(Matrix, 1));
        Assert.StartsWith("Squeeze: cannot squeeze axis 1 of the input float32(2, 3): its size is 3, expected 1.", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ExpandDims_AxisOutOfRange_GivesValidRange()
    {
        var e = Assert.Throws<ArgumentException>(() => Ops.ExpandDims(Matrix, 3));
        Assert.Contains("expected an axis in -3..2", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Stack_DifferentShapes_NamesBoth()
    {
        var e = Assert.Throws<ArgumentException>(() => Ops.Stack([Matrix, Tensor.Zeros([3, 2])]));
        Assert.Equal("Stack: all inputs must have the same shape, but received (2, 3) and (3, 2).", e.Message);
    }

    [Fact]
    public void Split_CountNotDividingAxis_SuggestsSizes()
    {
        var e = Assert.Throws<ArgumentException>(() => Ops.Split(Matrix, 2, axis: 1));
        Assert.StartsWith("Split: cannot split axis 1 (size 3) of the input float32(2, 3) into 2 equal parts", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Split_SizesNotSummingToAxis_Throws()
    {
        var e = Assert.Throws<ArgumentException>(() => Ops.Split(Matrix, [1, 1], axis: 1));
        Assert.StartsWith("Split: sizes [1, 1] do not split axis 1 (size 3)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Slice_BoxPastEnd_NamesAxisAndLimit()
    {
        var e = Assert.Throws<ArgumentException>(() => Ops.Slice(Matrix, [0, 2], [1, 2]));
        Assert.Equal("Slice: begin [0, 2] and size [1, 2] do not fit the input float32(2, 3): on axis 1, size 2 is outside 0..1 (or -1 for the rest of the axis).", e.Message);
    }

    [Fact]
    public void StridedSlice_ZeroStride_Throws()
    {
        var e = Assert.Throws<ArgumentException>(() => Ops.StridedSlice(Matrix, [0], [2], [0]));
        Assert.StartsWith("StridedSlice: strides [0] has 0 on axis 0 for the input float32(2, 3)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Gather_IndexOutOfRange_NamesIndexAndRange()
    {
        var e = Assert.Throws<ArgumentException>(() => Ops.Gather(Matrix, Tensor.Constant(new[] { 0, 3 }), axis: 1));
        Assert.Equal("Gather: index 3 (at flat position 1 of the indices) is out of range for axis 1 of float32(2, 3); expected 0 <= index < 3.", e.Message);
    }

    [Fact]
    public void Gather_FloatIndices_SuggestsCast()
    {
        var e = Assert.Throws<ArgumentException>(() => Ops.Gather(Matrix, Tensor.Constant(new[] { 0f })));
        Assert.StartsWith("Gather: expected int32 or int64 indices, but received float32(1,).", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OneHot_FloatIndices_Throws()
    {
        Assert.Throws<ArgumentException>(() => Ops.OneHot(Matrix, 3));
    }

    [Fact]
    public void Pad_NegativeAmount_SuggestsSlice()
    {
        var e = Assert.Throws<ArgumentException>(() => Ops.Pad(Matrix, [(0, 0), (-1, 0)]));
        Assert.Equal("Pad: paddings must be non-negative, but axis 1 of the input float32(2, 3) has (-1, 0). Use Ops.Slice to remove elements.", e.Message);
    }

    [Fact]
    public void Pad_WrongColumnCount_Throws()
    {
        var e = Assert.Throws<ArgumentException>(() => Ops.Pad(Matrix, new int[2, 3]));
        Assert.StartsWith("Pad: paddings must have shape (rank, 2), but received (2, 3)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Tile_WrongLength_NamesRank()
    {
        var e = Assert.Throws<ArgumentException>(() => Ops.Tile(Matrix, [2]));
        Assert.Equal("Tile: multiples [2] has 1 entries but the input float32(2, 3) has rank 2; expected one entry per axis.", e.Message);
    }
}
