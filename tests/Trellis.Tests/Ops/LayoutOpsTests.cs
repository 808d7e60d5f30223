namespace Trellis.Tests.Operations;

/// <summary>Known values for the layout ops: small examples checked by hand against what NumPy/TensorFlow return.</summary>
public class LayoutOpsTests
{
    private static Tensor Arange(int n, Shape shape) => Ops.Reshape(Tensor.Range(0, n), shape);

    private static void AssertValues(Shape shape, int[] expected, Tensor actual)
    {
        Assert.Equal(shape, actual.Shape);
        Assert.Equal(expected, actual.ToArray<int>());
    }

    [Fact]
    public void Transpose_Matrix_SwapsAxes()
    {
        var x = Tensor.Constant(new[,] { { 1, 2, 3 }, { 4, 5, 6 } });
        AssertValues([3, 2], [1, 4, 2, 5, 3, 6], Ops.Transpose(x));
    }

    [Fact]
    public void Transpose_Rank3WithPerm_MatchesNumPy()
    {
        // np.transpose(np.arange(24).reshape(2, 3, 4), (2, 0, 1)): out[i, j, k] = 12j + 4k + i
        Tensor y = Ops.Transpose(Arange(24, [2, 3, 4]), [2, 0, 1]);
        AssertValues([4, 2, 3], [0, 4, 8, 12, 16, 20, 1, 5, 9, 13, 17, 21, 2, 6, 10, 14, 18, 22, 3, 7, 11, 15, 19, 23], y);
    }

    [Fact]
    public void Transpose_NullPermOnRank3_ReversesAxes()
    {
        Tensor y = Ops.Transpose(Arange(6, [1, 2, 3]));
        AssertValues([3, 2, 1], [0, 3, 1, 4, 2, 5], y);
    }

    [Fact]
    public void Permute_NegativeAxes_SameAsTranspose()
    {
        Tensor x = Arange(6, [2, 3]);
        Assert.Equal(Ops.Transpose(x).ToArray<int>(), Ops.Permute(x, [-1, 0]).ToArray<int>());
    }

    [Fact]
    public void Transpose_Scalar_IsItself()
    {
        Assert.Equal(5, Ops.Transpose(Tensor.Constant(5)).Item<int>());
    }

    [Theory]
    [InlineData(0, new[] { 1, 2, 3 })]
    [InlineData(1, new[] { 2, 1, 3 })]
    [InlineData(2, new[] { 2, 3, 1 })]
    [InlineData(-1, new[] { 2, 3, 1 })]
    [InlineData(-3, new[] { 1, 2, 3 })]
    public void ExpandDims_Axis_InsertsSizeOne(int axis, int[] expected)
    {
        Tensor y = Ops.ExpandDims(Arange(6, [2, 3]), axis);
        AssertValues(expected, [0, 1, 2, 3, 4, 5], y);
    }

    [Fact]
    public void Squeeze_NoAxes_RemovesAllOnes()
    {
        AssertValues([2, 3], [0, 1, 2, 3, 4, 5], Ops.Squeeze(Arange(6, [1, 2, 1, 3])));
    }

    [Fact]
    public void Squeeze_OneNegativeAxis_RemovesOnlyIt()
    {
        Assert.Equal(new Shape(1, 2, 3), Ops.Squeeze(Arange(6, [1, 2, 1, 3]), -2).Shape);
    }

    [Fact]
    public void Squeeze_Variable_CopiesInsteadOfAliasing()
    {
        var v = new Variable(Tensor.Constant(new[,] { { 1f, 2f } }));
        Tensor y = Ops.Squeeze(v);
        v.Assign(Tensor.Constant(new[,] { { 3f, 4f } }));
        Assert.Equal(new[] { 1f, 2f }, y.ToArray<float>());
    }

    [Fact]
    public void Concat_Axis1_JoinsColumns()
    {
        var a = Tensor.Constant(new[,] { { 1, 2 }, { 3, 4 } });
        var b = Tensor.Constant(new[,] { { 5 }, { 6 } });
        AssertValues([2, 3], [1, 2, 5, 3, 4, 6], Ops.Concat([a, b], axis: 1));
    }

    [Fact]
    public void Concat_NegativeAxisZeroSizedPart_JoinsRows()
    {
        var a = Tensor.Constant(new[,] { { 1, 2 } });
        var empty = Tensor.Zeros([0, 2], DType.Int32);
        var b = Tensor.Constant(new[,] { { 3, 4 }, { 5, 6 } });
        AssertValues([3, 2], [1, 2, 3, 4, 5, 6], Ops.Concat([a, empty, b], axis: -2));
    }

    [Fact]
    public void Stack_Axis0And1_MatchNumPy()
    {
        var a = Tensor.Constant(new[] { 1, 2 });
        var b = Tensor.Constant(new[] { 3, 4 });
        AssertValues([2, 2], [1, 2, 3, 4], Ops.Stack([a, b]));
        AssertValues([2, 2], [1, 3, 2, 4], Ops.Stack([a, b], axis: 1));
        AssertValues([2, 2], [1, 3, 2, 4], Ops.Stack([a, b], axis: -1));
    }

    [Fact]
    public void Stack_Scalars_MakesVector()
    {
        AssertValues([3], [7, 8, 9], Ops.Stack([Tensor.Constant(7), Tensor.Constant(8), Tensor.Constant(9)]));
    }

    [Fact]
    public void Split_EqualParts_GivesConsecutiveSlices()
    {
        Tensor[] parts = Ops.Split(Tensor.Range(0, 6), 3);
        Assert.Equal(3, parts.Length);
        AssertValues([2], [0, 1], parts[0]);
        AssertValues([2], [2, 3], parts[1]);
        AssertValues([2], [4, 5], parts[2]);
    }

    [Fact]
    public void Split_SizesWithMinusOneOnAxis1_InfersTheRest()
    {
        Tensor[] parts = Ops.Split(Arange(12, [2, 6]), [1, -1, 2], axis: 1);
        AssertValues([2, 1], [0, 6], parts[0]);
        AssertValues([2, 3], [1, 2, 3, 7, 8, 9], parts[1]);
        AssertValues([2, 2], [4, 5, 10, 11], parts[2]);
    }

    [Fact]
    public void Slice_SizeMinusOne_TakesRestOfAxis()
    {
        // tf.slice(np.arange(12).reshape(3, 4), [1, 1], [2, -1])
        AssertValues([2, 3], [5, 6, 7, 9, 10, 11], Ops.Slice(Arange(12, [3, 4]), [1, 1], [2, -1]));
    }

    [Theory]
    [InlineData(8, 2, -2, 0, 0, new[] { 8, 6, 4 })]                        // a[8:2:-2]
    [InlineData(0, 0, -1, 1, 1, new[] { 9, 8, 7, 6, 5, 4, 3, 2, 1, 0 })]   // a[::-1]
    [InlineData(-3, 0, 1, 0, 1, new[] { 7, 8, 9 })]                        // a[-3:]
    [InlineData(2, 100, 3, 0, 0, new[] { 2, 5, 8 })]                       // a[2:100:3]
    [InlineData(5, int.MinValue, -1, 0, 0, new[] { 5, 4, 3, 2, 1, 0 })]    // a[5:-100:-1]
    [InlineData(-100, 3, 1, 0, 0, new[] { 0, 1, 2 })]                      // a[-100:3]
    [InlineData(-1, -4, -2, 0, 0, new[] { 9, 7 })]                         // a[-1:-4:-2]
    [InlineData(3, 3, 1, 0, 0, new int[0])]                                // a[3:3]
    [InlineData(2, 7, -1, 0, 0, new int[0])]                               // a[2:7:-1]
    public void StridedSlice_Vector_MatchesPythonSlicing(int begin, int end, int stride, int beginMask, int endMask, int[] expected)
    {
        Tensor y = Ops.StridedSlice(Tensor.Range(0, 10), [begin], [end], [stride], beginMask, endMask);
        AssertValues([expected.Length], expected, y);
    }

    [Fact]
    public void StridedSlice_MatrixReversedRowsEveryOtherColumn_MatchesNumPy()
    {
        // np.arange(12).reshape(3, 4)[::-1, 1::2]
        Tensor y = Ops.StridedSlice(Arange(12, [3, 4]), [0, 1], [0, 0], [-1, 2], beginMask: 1, endMask: 3);
        AssertValues([3, 2], [9, 11, 5, 7, 1, 3], y);
    }

    [Fact]
    public void StridedSlice_FewerEntriesThanRank_KeepsTrailingAxes()
    {
        AssertValues([1, 4], [4, 5, 6, 7], Ops.StridedSlice(Arange(12, [3, 4]), [1], [2]));
    }

    [Fact]
    public void Gather_Axis0RepeatedIndices_PicksRows()
    {
        var x = Tensor.Constant(new[,] { { 1, 2 }, { 3, 4 }, { 5, 6 } });
        AssertValues([3, 2], [5, 6, 1, 2, 5, 6], Ops.Gather(x, Tensor.Constant(new[] { 2, 0, 2 })));
    }

    [Fact]
    public void Gather_Axis1With2DIndices_InsertsIndexShape()
    {
        // tf.gather(x, [[1], [0]], axis=1) has shape (3, 2, 1)
        var x = Tensor.Constant(new[,] { { 1, 2 }, { 3, 4 }, { 5, 6 } });
        Tensor y = Ops.Gather(x, Tensor.Constant(new long[,] { { 1 }, { 0 } }), axis: 1);
        AssertValues([3, 2, 1], [2, 1, 4, 3, 6, 5], y);
    }

    [Fact]
    public void Gather_ScalarIndex_DropsAxis()
    {
        var x = Tensor.Constant(new[,] { { 1, 2 }, { 3, 4 }, { 5, 6 } });
        AssertValues([2], [3, 4], Ops.Gather(x, Tensor.Constant(1)));
    }

    [Fact]
    public void UnsortedSegmentSum_TensorFlowDocExample_SumsRows()
    {
        // tf.math.unsorted_segment_sum([[1,2,3,4],[5,6,7,8],[4,3,2,1]], [0, 1, 0], 2)
        var c = Tensor.Constant(new[,] { { 1, 2, 3, 4 }, { 5, 6, 7, 8 }, { 4, 3, 2, 1 } });
        Tensor y = Ops.UnsortedSegmentSum(c, Tensor.Constant(new[] { 0, 1, 0 }), 2);
        AssertValues([2, 4], [5, 5, 5, 5, 5, 6, 7, 8], y);
    }

    [Fact]
    public void OneHot_TensorFlowDocExample_OutOfRangeRowIsOff()
    {
        // tf.one_hot([0, 2, -1, 1], 3, on_value=5.0, off_value=0.0)
        Tensor y = Ops.OneHot(Tensor.Constant(new[] { 0, 2, -1, 1 }), 3, onValue: 5, offValue: 0);
        Assert.Equal(new Shape(4, 3), y.Shape);
        Assert.Equal(DType.Float32, y.DType);
        Assert.Equal(new float[] { 5, 0, 0, 0, 0, 5, 0, 0, 0, 0, 5, 0 }, y.ToArray<float>());
    }

    [Fact]
    public void OneHot_Axis0Int32Output_PutsDepthFirst()
    {
        Tensor y = Ops.OneHot(Tensor.Constant(new long[] { 0, 2, -1, 1 }), 3, dtype: DType.Int32, axis: 0);
        AssertValues([3, 4], [1, 0, 0, 0, 0, 0, 0, 1, 0, 1, 0, 0], y);
    }

    [Fact]
    public void Pad_ConstantAndPairs_MatchesNumPy()
    {
        // np.pad([[1, 2], [3, 4]], ((1, 0), (0, 2)), constant_values=9)
        var x = Tensor.Constant(new[,] { { 1, 2 }, { 3, 4 } });
        AssertValues([3, 4], [9, 9, 9, 9, 1, 2, 9, 9, 3, 4, 9, 9], Ops.Pad(x, new[,] { { 1, 0 }, { 0, 2 } }, constant: 9));
        AssertValues([3, 4], [9, 9, 9, 9, 1, 2, 9, 9, 3, 4, 9, 9], Ops.Pad(x, [(1, 0), (0, 2)], constant: 9));
    }

    [Fact]
    public void Pad_Float_DefaultConstantIsZero()
    {
        Tensor y = Ops.Pad(Tensor.Constant(new[] { 1.5f }), [(1, 1)]);
        Assert.Equal(new[] { 0f, 1.5f, 0f }, y.ToArray<float>());
    }

    [Fact]
    public void Tile_Matrix_MatchesNumPy()
    {
        var x = Tensor.Constant(new[,] { { 1, 2 }, { 3, 4 } });
        AssertValues([2, 4], [1, 2, 1, 2, 3, 4, 3, 4], Ops.Tile(x, [1, 2]));
        AssertValues([4, 2], [1, 2, 3, 4, 1, 2, 3, 4], Ops.Tile(x, [2, 1]));
        AssertValues([0, 2], [], Ops.Tile(x, [0, 1]));
    }
}
