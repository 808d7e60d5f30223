using Trellis.Operations;
using Trellis.Tracking;

namespace Trellis.Layers;

/// <summary>
/// The random-number state of a layer that draws numbers (Dropout, recurrent dropout, attention dropout), as Keras 3's
/// <c>SeedGenerator</c>: a tracked int64 <c>state</c> variable holding (seed, position) of a Philox stream. Each draw of
/// n numbers takes the next n positions.
/// </summary>
/// <remarks>
/// Because the position is a variable, it is saved with the model (a resumed run draws the numbers the uninterrupted
/// run would have drawn), and a traced training step reads and advances it on every call instead of freezing the
/// numbers drawn while tracing.
/// </remarks>
public sealed class SeedGenerator : Trackable
{
    [NotTracked]
    private readonly Variable _state;

    [NotTracked]
    private readonly Dictionary<(Shape, DType), Tensor> _advances = [];

    /// <summary>Creates a generator.</summary>
    /// <param name="seed">The seed; null draws one.</param>
    public SeedGenerator(long? seed = null)
    {
        long initialSeed = seed ?? Random.Shared.NextInt64();
        _state = AddTrackedVariable("state", [2], DType.Int64, () => Tensor.Constant(new[] { initialSeed, 0L }, [2]), trainable: false);
    }

    /// <summary>The seed of the stream (restored with the state).</summary>
    public long Seed => _state.ReadSpan<long>()[0];

    /// <summary>The position in the stream.</summary>
    public long Position => _state.ReadSpan<long>()[1];

    /// <summary>(seed, position), int64 (2,), tracked as <c>state</c>.</summary>
    public Variable State => _state;

    /// <summary>Uniform values in [0, 1) of <paramref name="shape"/>, then advances the position by their count.</summary>
    /// <param name="shape">A fully known shape.</param>
    /// <param name="dtype">float32 or float64.</param>
    /// <returns>The values (symbolic inside a traced function).</returns>
    /// <exception cref="ArgumentException">A dimension is unknown or the dtype is not floating point.</exception>
    public Tensor Uniform(Shape shape, DType dtype)
    {
        if (shape.Dims.Contains(Shape.Unknown))
        {
            throw new ArgumentException($"SeedGenerator: random values need a fully known shape, but received {shape}. Trace the function with a concrete batch size.", nameof(shape));
        }
        if (!dtype.IsFloating())
        {
            throw new ArgumentException($"SeedGenerator: uniform values are float32 or float64, not {dtype.Name()}.", nameof(dtype));
        }
        var values = OpDispatcher.Run(new RandomUniformAtOp(shape, dtype), _state);
        if (!_advances.TryGetValue((shape, dtype), out var advance))
        {
            advance = Tensor.Constant(new[] { 0L, shape.Size }, [2]);
            _advances[(shape, dtype)] = advance;
        }
        _state.Assign(Ops.Add(_state, advance));
        return values;
    }

    /// <summary>The keep-mask of dropout at <paramref name="rate"/>, scaled by 1 / (1 − rate): shaped as <paramref name="shape"/>.</summary>
    /// <param name="shape">The mask shape.</param>
    /// <param name="dtype">The mask dtype.</param>
    /// <param name="rate">The fraction dropped, in [0, 1).</param>
    /// <returns>Elements are 0 or 1 / (1 − rate).</returns>
    public Tensor DropoutMask(Shape shape, DType dtype, double rate)
    {
        var uniform = Uniform(shape, dtype);
        return Ops.Cast(Ops.GreaterEqual(uniform, Tensor.Scalar(rate, dtype)), dtype) * (1.0 / (1.0 - rate));
    }
}
