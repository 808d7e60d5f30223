using Trellis.Tests.TestSupport;
using static Trellis.Tests.Operations.LayoutTestData;

namespace Trellis.Tests.Operations;

/// <summary>Gradients of the layout ops against central finite differences in float64 (they are linear, so the match is tight).</summary>
public class LayoutGradientTests
{
    private const double Tolerance = 1e-7;

    private static void Check(Func<Tensor[], Tensor> f, string name, params Tensor[] inputs) =>
        GradientAssert.MatchesFiniteDifferences(f, inputs, tolerance: Tolerance, name: name);

    [Fact]
    public void Transpose_Gradient_MatchesFiniteDifferences()
    {
        Check(x => Ops.Transpose(x[0], [2, 0, 1]), "Transpose", RandomDouble([2, 3, 4], 1));
        Check(x => Ops.Permute(x[0], [1, 0]), "Permute", RandomDouble([3, 2], 2));
    }

    [Fact]
    public void ExpandDimsAndSqueeze_Gradient_MatchesFiniteDifferences()
    {
        Check(x => Ops.ExpandDims(x[0], -1), "ExpandDims", RandomDouble([2, 3], 3));
        Check(x => Ops.Squeeze(x[0]), "Squeeze", RandomDouble([1, 3, 1], 4));
    }

    [Fact]
    public void Concat_Gradient_MatchesFiniteDifferencesForEachInput()
    {
        Check(x => Ops.Concat(x, axis: 1), "Concat", RandomDouble([2, 1, 2], 5), RandomDouble([2, 3, 2], 6), RandomDouble([2, 2, 2], 7));
    }

    [Fact]
    public void Stack_Gradient_MatchesFiniteDifferencesForEachInput()
    {
        Check(x => Ops.Stack(x, axis: 1), "Stack", RandomDouble([2, 3], 8), RandomDouble([2, 3], 9));
    }

    [Fact]
    public void Split_Gradient_FlowsThroughEachPart()
    {
        // Parts recombined out of order, with one part used twice, so each slice's gradient matters.
        Check(x =>
        {
            Tensor[] p = Ops.Split(x[0], [1, 2, 1], axis: 1);
            return Ops.Concat([p[2], p[0] * Ops.Sum(p[1]), p[1]], axis: 1);
        }, "Split", RandomDouble([3, 4], 10));
    }

    [Fact]
    public void Slice_Gradient_MatchesFiniteDifferences()
    {
        Check(x => Ops.Slice(x[0], [1, 0, 2], [2, -1, 1]), "Slice", RandomDouble([3, 2, 4], 11));
    }

    [Fact]
    public void StridedSlice_NegativeAndLargeSteps_GradientMatchesFiniteDifferences()
    {
        Check(x => Ops.StridedSlice(x[0], [-1, 0], [0, 5], [-2, 3], beginMask: 0, endMask: 1), "StridedSlice", RandomDouble([5, 5], 12));
    }

    [Fact]
    public void StridedSlice_SecondDerivative_MatchesFiniteDifferences()
    {
        // f(x) = d/dx Σ w·slice(x)³ = scatter(3w·slice(x)²): its derivative runs the gradient op's own gradient.
        Tensor w = RandomDouble([3, 2], 13); // x[3:0:-1, 0:4:3] has shape (3, 2)
        Check(x =>
        {
            using var tape = new GradientTape();
            tape.Watch(x[0]);
            Tensor y = Ops.StridedSlice(x[0], [3, 0], [0, 4], [-1, 3]);
            return tape.Gradient(Ops.Sum(y * y * y * w), x[0])!;
        }, "StridedSliceGrad", RandomDouble([4, 4], 14));
    }

    [Fact]
    public void Gather_RepeatedIndices_GradientAccumulates()
    {
        Tensor indices = Tensor.Constant(new[,] { { 2, 0 }, { 2, 2 } });
        Check(x => Ops.Gather(x[0], indices, axis: 1), "Gather", RandomDouble([2, 3, 2], 15));
    }

    [Fact]
    public void Gather_SecondDerivative_MatchesFiniteDifferences()
    {
        Tensor indices = Tensor.Constant(new long[] { 1, 1, 0 });
        Check(x =>
        {
            using var tape = new GradientTape();
            tape.Watch(x[0]);
            Tensor y = Ops.Gather(x[0], indices);
            return tape.Gradient(Ops.Sum(y * y * y), x[0])!;
        }, "GatherGrad", RandomDouble([3, 2], 16));
    }

    [Fact]
    public void UnsortedSegmentSum_Gradient_IsGather()
    {
        Tensor ids = Tensor.Constant(new[] { 0, 2, 0 });
        Check(x => Ops.UnsortedSegmentSum(x[0], ids, 4), "UnsortedSegmentSum", RandomDouble([3, 2], 17));
    }

    [Fact]
    public void Pad_Gradient_MatchesFiniteDifferences()
    {
        Check(x => Ops.Pad(x[0], [(1, 2), (0, 1)], constant: 3), "Pad", RandomDouble([2, 3], 18));
    }

    [Fact]
    public void Tile_Gradient_SumsRepeats()
    {
        Check(x => Ops.Tile(x[0], [2, 1, 3]), "Tile", RandomDouble([2, 3, 2], 19));
        Check(x => Ops.Tile(x[0], []), "Tile scalar", RandomDouble([], 20));
    }

    [Fact]
    public void OneHot_FloatOutput_RecordsNoGradient()
    {
        var w = new Variable(Tensor.Constant(new[] { 1f, 2f, 3f }));
        using var tape = new GradientTape();
        Tensor y = Ops.Sum(Ops.OneHot(Tensor.Constant(new[] { 2, 0 }), 3) * w);
        Tensor g = tape.Gradient(y, w)!;
        Assert.Equal(new[] { 1f, 0f, 1f }, g.ToArray<float>());
    }
}
