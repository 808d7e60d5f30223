using Trellis.Operations;
using Trellis.Tests.TestSupport;
using static Trellis.Tests.Operations.LayoutTestData;

namespace Trellis.Tests.Operations;

/// <summary>The fast layout kernels against the plain reference loops, bit for bit, on random shapes of rank 0..5 and every dtype.</summary>
public class LayoutFastReferenceTests
{
    private const int Trials = 12;

    private static void ForEachCase(int seed, Action<Random, DType, string> body)
    {
        foreach (DType dtype in AllDTypes)
        {
            var rng = new Random(seed + (int)dtype);
            for (int t = 0; t < Trials; t++)
            {
                body(rng, dtype, $"{dtype} trial {t}");
            }
        }
    }

    private static void AssertSame(Func<Tensor> f, string context)
    {
        var (fast, reference) = TensorAssert.FastAndReference(f);
        TensorAssert.BitEqual(reference, fast, context);
    }

    [Fact]
    public void Transpose_RandomShapesAndPerms_FastEqualsReference()
    {
        ForEachCase(1, (rng, dtype, ctx) =>
        {
            int rank = rng.Next(0, 6);
            Tensor x = RandomTensor(rng, RandomDims(rng, rank), dtype);
            int[] perm = RandomPermutation(rng, rank);
            AssertSame(() => Ops.Transpose(x, perm), $"{ctx} {x.Shape} perm [{string.Join(",", perm)}]");
        });
    }

    [Theory]
    [InlineData(new[] { 70, 45 }, new[] { 1, 0 })]
    [InlineData(new[] { 3, 40, 37 }, new[] { 0, 2, 1 })]
    [InlineData(new[] { 33, 5, 65 }, new[] { 2, 1, 0 })]
    [InlineData(new[] { 2, 3, 34, 35 }, new[] { 3, 0, 2, 1 })]
    public void Transpose_ShapesSpanningSeveralTiles_FastEqualsReference(int[] dims, int[] perm)
    {
        foreach (DType dtype in AllDTypes)
        {
            Tensor x = RandomTensor(new Random(7), dims, dtype);
            AssertSame(() => Ops.Transpose(x, perm), $"{dtype} {x.Shape}");
        }
    }

    [Fact]
    public void Slice_RandomBoxes_FastEqualsReference()
    {
        ForEachCase(2, (rng, dtype, ctx) =>
        {
            int[] dims = RandomDims(rng, rng.Next(0, 6));
            Tensor x = RandomTensor(rng, dims, dtype);
            int[] begin = dims.Select(d => rng.Next(0, d + 1)).ToArray();
            int[] size = dims.Select((d, k) => rng.Next(3) == 0 ? -1 : rng.Next(0, d - begin[k] + 1)).ToArray();
            AssertSame(() => Ops.Slice(x, begin, size), $"{ctx} {x.Shape}");
        });
    }

    [Fact]
    public void StridedSlice_RandomStepsAndClamping_FastEqualsReference()
    {
        int[] steps = [-3, -2, -1, 1, 2, 3];
        ForEachCase(3, (rng, dtype, ctx) =>
        {
            int[] dims = RandomDims(rng, rng.Next(0, 6));
            Tensor x = RandomTensor(rng, dims, dtype);
            int n = rng.Next(0, dims.Length + 1);
            int[] begin = dims[..n].Select(d => rng.Next(-d - 2, d + 3)).ToArray();
            int[] end = dims[..n].Select(d => rng.Next(-d - 2, d + 3)).ToArray();
            int[] strides = dims[..n].Select(_ => steps[rng.Next(steps.Length)]).ToArray();
            int beginMask = rng.Next(1 << n), endMask = rng.Next(1 << n);
            AssertSame(() => Ops.StridedSlice(x, begin, end, strides, beginMask, endMask), $"{ctx} {x.Shape}");
            if (dtype.IsFloating())
            {
                Tensor y = Ops.StridedSlice(x, begin, end, strides, beginMask, endMask);
                var spec = new StridedSliceSpec(begin, end, strides, beginMask, endMask);
                AssertSame(() => OpDispatcher.Run(new StridedSliceGradOp(x.Shape, spec), y), $"{ctx} grad {x.Shape}");
            }
        });
    }

    [Fact]
    public void Concat_RandomInputs_FastEqualsReference()
    {
        ForEachCase(4, (rng, dtype, ctx) =>
        {
            int[] dims = RandomDims(rng, rng.Next(1, 6));
            int axis = rng.Next(-dims.Length, dims.Length);
            int a = axis < 0 ? axis + dims.Length : axis;
            Tensor[] xs = Enumerable.Range(0, rng.Next(1, 4)).Select(_ =>
            {
                int[] d = dims.ToArray();
                d[a] = rng.Next(0, 4);
                return RandomTensor(rng, d, dtype);
            }).ToArray();
            AssertSame(() => Ops.Concat(xs, axis), $"{ctx} axis {axis} {string.Join(" ", xs.Select(t => t.Shape))}");
        });
    }

    [Fact]
    public void Stack_RandomInputs_FastEqualsReference()
    {
        ForEachCase(5, (rng, dtype, ctx) =>
        {
            int[] dims = RandomDims(rng, rng.Next(0, 5));
            int axis = rng.Next(-dims.Length - 1, dims.Length + 1);
            Tensor[] xs = Enumerable.Range(0, rng.Next(1, 4)).Select(_ => RandomTensor(rng, dims, dtype)).ToArray();
            AssertSame(() => Ops.Stack(xs, axis), $"{ctx} axis {axis} {xs[0].Shape}");
        });
    }

    [Fact]
    public void Pad_RandomPaddings_FastEqualsReference()
    {
        ForEachCase(6, (rng, dtype, ctx) =>
        {
            int[] dims = RandomDims(rng, rng.Next(0, 6));
            Tensor x = RandomTensor(rng, dims, dtype);
            var paddings = dims.Select(_ => (rng.Next(0, 3), rng.Next(0, 3))).ToArray();
            AssertSame(() => Ops.Pad(x, paddings, constant: 7), $"{ctx} {x.Shape}");
        });
    }

    [Fact]
    public void Tile_RandomMultiples_FastEqualsReference()
    {
        ForEachCase(7, (rng, dtype, ctx) =>
        {
            int[] dims = RandomDims(rng, rng.Next(0, 6), maxDim: 3);
            Tensor x = RandomTensor(rng, dims, dtype);
            int[] multiples = dims.Select(_ => rng.Next(0, 4)).ToArray();
            AssertSame(() => Ops.Tile(x, multiples), $"{ctx} {x.Shape} x [{string.Join(",", multiples)}]");
        });
    }

    [Fact]
    public void Gather_RandomAxesAndIndices_FastEqualsReference()
    {
        ForEachCase(8, (rng, dtype, ctx) =>
        {
            int[] dims = RandomDims(rng, rng.Next(1, 5), allowEmpty: false);
            int axis = rng.Next(-dims.Length, dims.Length);
            int a = axis < 0 ? axis + dims.Length : axis;
            Tensor x = RandomTensor(rng, dims, dtype);
            DType indexType = rng.Next(2) == 0 ? DType.Int32 : DType.Int64;
            Tensor indices = RandomIndices(rng, RandomDims(rng, rng.Next(0, 3)), dims[a], indexType);
            AssertSame(() => Ops.Gather(x, indices, axis), $"{ctx} {x.Shape} axis {axis} indices {indices.Shape}");
        });
    }

    [Theory]
    [InlineData(DType.Float32)]
    [InlineData(DType.Float64)]
    [InlineData(DType.Int32)]
    [InlineData(DType.Int64)]
    public void GatherGrad_RepeatedIndices_FastEqualsReference(DType dtype)
    {
        var rng = new Random(9);
        for (int t = 0; t < Trials; t++)
        {
            int[] dims = RandomDims(rng, rng.Next(1, 5), allowEmpty: false);
            int axis = rng.Next(dims.Length);
            Tensor indices = RandomIndices(rng, RandomDims(rng, rng.Next(0, 3)), dims[axis], DType.Int64);
            int[] upDims = [.. dims[..axis], .. indices.Shape.Dims, .. dims[(axis + 1)..]];
            Tensor up = RandomTensor(rng, upDims, dtype);
            AssertSame(() => OpDispatcher.Run(new GatherGradOp(dims, axis), up, indices), $"{dtype} trial {t} {up.Shape} -> {new Shape(dims)}");
        }
    }

    [Fact]
    public void OneHot_RandomIndicesIncludingOutOfRange_FastEqualsReference()
    {
        ForEachCase(10, (rng, dtype, ctx) =>
        {
            int[] dims = RandomDims(rng, rng.Next(0, 4));
            int depth = rng.Next(0, 5);
            var values = Enumerable.Range(0, new Shape(dims).Size).Select(_ => (double)rng.Next(-1, depth + 2)).ToArray();
            Tensor indices = Tensor.FromDoubles(values, dims, DType.Int64);
            int axis = rng.Next(-dims.Length - 1, dims.Length + 1);
            AssertSame(() => Ops.OneHot(indices, depth, onValue: 3, offValue: 1, dtype: dtype, axis: axis), $"{ctx} {indices.Shape} depth {depth} axis {axis}");
        });
    }
}
