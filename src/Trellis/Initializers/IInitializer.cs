namespace Trellis.Initializers;

/// <summary>Produces the initial value of a weight, as a Keras initializer.</summary>
public interface IInitializer
{
    /// <summary>The Keras class name (<c>GlorotUniform</c>, <c>Zeros</c>...), used in configs.</summary>
    string ClassName { get; }

    /// <summary>A new tensor of <paramref name="shape"/> and <paramref name="dtype"/>.</summary>
    /// <param name="shape">The weight's shape.</param>
    /// <param name="dtype">float32 or float64.</param>
    /// <returns>The initial value. A seeded initializer returns the same values on every call, as in Keras 3.</returns>
    Tensor Create(Shape shape, DType dtype);

    /// <summary>The Keras 3 config of the initializer (<c>seed</c>, <c>mean</c>, <c>stddev</c>...).</summary>
    /// <returns>A new dictionary.</returns>
    Dictionary<string, object?> GetConfig();
}
