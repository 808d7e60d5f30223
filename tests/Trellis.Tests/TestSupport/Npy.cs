using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Trellis.Tests.TestSupport;

/// <summary>A minimal reader for NumPy .npy files (versions 1-3, C order, little-endian numeric dtypes).</summary>
internal static partial class Npy
{
    /// <summary>Reads the array in <paramref name="path"/> as a tensor.</summary>
    public static Tensor Read(string path)
    {
        byte[] file = File.ReadAllBytes(path);
        if (file.Length < 10 || file[0] != 0x93 || Encoding.ASCII.GetString(file, 1, 5) != "NUMPY")
        {
            throw new InvalidDataException($"'{path}' is not a .npy file (bad magic).");
        }
        int major = file[6];
        int headerLength = major == 1 ? BitConverter.ToUInt16(file, 8) : (int)BitConverter.ToUInt32(file, 8);
        int headerStart = major == 1 ? 10 : 12;
        string header = Encoding.Latin1.GetString(file, headerStart, headerLength);
        string descr = DescrPattern().Match(header).Groups[1].Value;
        if (FortranPattern().Match(header).Groups[1].Value != "False")
        {
            throw new NotSupportedException($"'{path}' is stored in Fortran order; only C order is supported.");
        }
        int[] dims = ShapePattern().Match(header).Groups[1].Value
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        DType dtype = descr switch
        {
            "<f4" => DType.Float32,
            "<f8" => DType.Float64,
            "<i4" => DType.Int32,
            "<i8" => DType.Int64,
            "|u1" => DType.UInt8,
            "|b1" => DType.Bool,
            "<f2" => DType.Float16,
            _ => throw new NotSupportedException($"'{path}' has dtype '{descr}', which this reader does not handle."),
        };
        int dataStart = headerStart + headerLength;
        return Tensor.FromBytes(file.AsSpan(dataStart), new Shape(dims), dtype);
    }

    [GeneratedRegex(@"'descr':\s*'([^']*)'")]
    private static partial Regex DescrPattern();

    [GeneratedRegex(@"'fortran_order':\s*(\w+)")]
    private static partial Regex FortranPattern();

    [GeneratedRegex(@"'shape':\s*\(([^)]*)\)")]
    private static partial Regex ShapePattern();
}
