using System.Diagnostics.CodeAnalysis;

namespace Trellis.Internal;

/// <summary>Builds the library's exceptions, out of line so hot methods stay small.</summary>
internal static class ThrowHelper
{
    [DoesNotReturn]
    public static void Argument(string message, string? paramName = null) => throw new ArgumentException(message, paramName);

    [DoesNotReturn]
    public static void InvalidOperation(string message) => throw new InvalidOperationException(message);

    /// <summary>An error for an op that received inputs it cannot take: names the op, what came in and what was expected.</summary>
    [DoesNotReturn]
    public static void OpInput(string op, string expected, params ReadOnlySpan<TensorSpec> received)
    {
        var parts = new string[received.Length];
        for (int i = 0; i < received.Length; i++)
        {
            parts[i] = received[i].ToString();
        }
        throw new ArgumentException($"{op}: expected {expected}, but received {string.Join(" and ", parts)}.");
    }
}
