using System.Collections;
using System.Runtime.CompilerServices;

namespace Trellis;

/// <summary>The dimensions of a tensor, outermost first. Immutable; write it as a collection: <c>[32, 784]</c>.</summary>
/// <remarks>
/// A dimension of <see cref="Unknown"/> (-1) stands for a size not known until run time (the batch axis of an
/// input signature, for example). Shapes compare by value.
/// </remarks>
[CollectionBuilder(typeof(Shape), nameof(Create))]
public readonly struct Shape : IEquatable<Shape>, IReadOnlyList<int>
{
    /// <summary>The marker for a dimension whose size is not known yet.</summary>
    public const int Unknown = -1;

    private readonly int[]? _dims;

    /// <summary>Creates a shape from its dimensions (copied).</summary>
    /// <exception cref="ArgumentException">A dimension is below -1.</exception>
    public Shape(params ReadOnlySpan<int> dims)
    {
        foreach (int d in dims)
        {
            if (d < Unknown)
            {
                throw new ArgumentException($"Shape dimensions must be >= 0 (or -1 for unknown), but received ({string.Join(", ", dims.ToArray())}).", nameof(dims));
            }
        }
        _dims = dims.ToArray();
    }

    /// <summary>Builds a shape from a collection expression such as <c>[2, 3]</c>.</summary>
    public static Shape Create(ReadOnlySpan<int> dims) => new(dims);

    /// <summary>The shape of a scalar: rank 0, one element.</summary>
    public static Shape Scalar => new([]);

    /// <summary>Number of dimensions.</summary>
    public int Rank => _dims?.Length ?? 0;

    /// <inheritdoc/>
    public int Count => Rank;

    /// <summary>The dimension at <paramref name="axis"/>; negative axes count from the end.</summary>
    public int this[int axis] => Dims[NormalizeAxis(axis)];

    /// <summary>The dimensions as a span.</summary>
    public ReadOnlySpan<int> Dims => _dims ?? [];

    /// <summary>True when every dimension is known.</summary>
    public bool IsFullyDefined
    {
        get
        {
            foreach (int d in Dims)
            {
                if (d == Unknown)
                {
                    return false;
                }
            }
            return true;
        }
    }

    /// <summary>The number of elements (1 for a scalar).</summary>
    /// <exception cref="InvalidOperationException">A dimension is unknown.</exception>
    /// <exception cref="OverflowException">The count exceeds <see cref="int.MaxValue"/>.</exception>
    public int Size
    {
        get
        {
            int n = 1;
            foreach (int d in Dims)
            {
                if (d == Unknown)
                {
                    throw new InvalidOperationException($"Shape {this} has an unknown dimension, so it has no element count.");
                }
                n = checked(n * d);
            }
            return n;
        }
    }

    /// <summary>Turns a possibly negative axis into 0..Rank-1.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The axis is outside -Rank..Rank-1.</exception>
    public int NormalizeAxis(int axis)
    {
        int r = Rank;
        if (axis < -r || axis >= r)
        {
            throw new ArgumentOutOfRangeException(nameof(axis), axis, $"Axis {axis} is out of range for shape {this} of rank {r}; expected {-r}..{r - 1}.");
        }
        return axis < 0 ? axis + r : axis;
    }

    /// <summary>Row-major strides in elements.</summary>
    public int[] Strides()
    {
        var s = new int[Rank];
        int acc = 1;
        for (int i = Rank - 1; i >= 0; i--)
        {
            s[i] = acc;
            acc *= Math.Max(Dims[i], 0);
        }
        return s;
    }

    /// <summary>The dimensions as a new array.</summary>
    public int[] ToArray() => Dims.ToArray();

    /// <summary>A new shape with one dimension replaced.</summary>
    public Shape With(int axis, int size)
    {
        var d = ToArray();
        d[NormalizeAxis(axis)] = size;
        return new Shape(d);
    }

    /// <summary>Python-style text: <c>(32, 784)</c>, <c>(3,)</c>, <c>()</c>; unknown dimensions print as <c>None</c>.</summary>
    public override string ToString()
    {
        if (Rank == 1)
        {
            return $"({Format(Dims[0])},)";
        }
        var parts = new string[Rank];
        for (int i = 0; i < Rank; i++)
        {
            parts[i] = Format(Dims[i]);
        }
        return "(" + string.Join(", ", parts) + ")";
    }

    private static string Format(int d) => d == Unknown ? "None" : d.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <inheritdoc/>
    public bool Equals(Shape other) => Dims.SequenceEqual(other.Dims);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is Shape s && Equals(s);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var h = new HashCode();
        foreach (int d in Dims)
        {
            h.Add(d);
        }
        return h.ToHashCode();
    }

    /// <summary>Value equality.</summary>
    public static bool operator ==(Shape left, Shape right) => left.Equals(right);

    /// <summary>Value inequality.</summary>
    public static bool operator !=(Shape left, Shape right) => !left.Equals(right);

    /// <summary>Converts an array of dimensions.</summary>
    public static implicit operator Shape(int[] dims) => new(dims);

    /// <summary>Converts an array of dimensions.</summary>
    public static Shape FromArray(int[] dims) => new(dims);

    /// <inheritdoc/>
    public IEnumerator<int> GetEnumerator() => ((IEnumerable<int>)(_dims ?? [])).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
