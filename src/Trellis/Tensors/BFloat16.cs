using System.Runtime.InteropServices;

namespace Trellis;

/// <summary>A 16-bit brain float: the upper half of an IEEE float32 (8 exponent bits, 7 mantissa bits).</summary>
/// <remarks>A storage type: convert to <see cref="float"/> to compute. Conversion from float rounds to nearest even.</remarks>
[StructLayout(LayoutKind.Sequential, Size = 2)]
public readonly record struct BFloat16
{
    /// <summary>The raw bits.</summary>
    public ushort Bits { get; }

    private BFloat16(ushort bits) => Bits = bits;

    /// <summary>Creates a value from raw bits.</summary>
    public static BFloat16 FromBits(ushort bits) => new(bits);

    /// <summary>Rounds a float to the nearest bfloat16 (ties to even); NaN stays NaN.</summary>
    public static explicit operator BFloat16(float value)
    {
        uint bits = BitConverter.SingleToUInt32Bits(value);
        if (float.IsNaN(value))
        {
            return new BFloat16((ushort)((bits >> 16) | 0x40)); // keep it a quiet NaN after truncation
        }
        uint rounding = 0x7FFF + ((bits >> 16) & 1);
        return new BFloat16((ushort)((bits + rounding) >> 16));
    }

    /// <summary>Widens exactly to float.</summary>
    public static explicit operator float(BFloat16 value) => BitConverter.UInt32BitsToSingle((uint)value.Bits << 16);

    /// <summary>Widens exactly to float.</summary>
    public float ToSingle() => (float)this;

    /// <inheritdoc/>
    public override string ToString() => ((float)this).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
