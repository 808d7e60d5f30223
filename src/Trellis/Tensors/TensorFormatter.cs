using System.Globalization;
using System.Text;

namespace Trellis.Tensors;

/// <summary>Prints tensors the way NumPy and TensorFlow do: <c>Tensor([2 4 6], shape=(3,), dtype=int32)</c>.</summary>
internal static class TensorFormatter
{
    /// <summary>Tensors with more elements than this are summarized with "..." (NumPy's threshold).</summary>
    public const int SummarizeThreshold = 1000;
    private const int EdgeItems = 3;

    public static string Format(Tensor t)
    {
        string body = t.IsSymbolic ? "<symbolic>" : t.IsReleased ? "<released by its TensorScope>" : FormatValues(t);
        return $"Tensor({body}, shape={t.Shape}, dtype={t.DType.Name()})";
    }

    public static string FormatValues(Tensor t)
    {
        bool summarize = t.Size > SummarizeThreshold;
        int n = t.Size;
        var cells = new string[n];
        for (int i = 0; i < n; i++)
        {
            cells[i] = FormatElement(t, i);
        }
        Align(cells, t.DType);
        var sb = new StringBuilder();
        Append(sb, t.Shape, cells, 0, 0, summarize, "Tensor(".Length);
        return sb.ToString();
    }

    private static void Append(StringBuilder sb, Shape shape, string[] cells, int axis, int offset, bool summarize, int indent)
    {
        if (shape.Rank == 0)
        {
            sb.Append(cells[0]);
            return;
        }
        int dim = shape.Dims[axis];
        int stride = 1;
        for (int i = axis + 1; i < shape.Rank; i++)
        {
            stride *= shape.Dims[i];
        }
        sb.Append('[');
        bool elide = summarize && dim > 2 * EdgeItems;
        for (int i = 0; i < dim; i++)
        {
            if (elide && i == EdgeItems)
            {
                sb.Append(axis == shape.Rank - 1 ? " ..." : Separator(shape.Rank - axis, indent + axis + 1) + "...");
                i = dim - EdgeItems - 1;
                continue;
            }
            if (i > 0)
            {
                sb.Append(axis == shape.Rank - 1 ? " " : Separator(shape.Rank - axis, indent + axis + 1));
            }
            if (axis == shape.Rank - 1)
            {
                sb.Append(cells[offset + i]);
            }
            else
            {
                Append(sb, shape, cells, axis + 1, offset + i * stride, summarize, indent);
            }
        }
        sb.Append(']');
    }

    private static string Separator(int remainingRank, int indent) =>
        new string('\n', remainingRank - 1) + new string(' ', indent);

    private static string FormatElement(Tensor t, int i) => t.DType switch
    {
        DType.Bool => t.Span<bool>()[i] ? "True" : "False",
        DType.Int32 or DType.Int64 or DType.UInt8 => t.GetAsDouble(i).ToString("R", CultureInfo.InvariantCulture),
        DType.Float32 => FormatFloat(t.Span<float>()[i].ToString("R", CultureInfo.InvariantCulture)),
        _ => FormatFloat(((float)t.GetAsDouble(i)).ToString("R", CultureInfo.InvariantCulture)),
    };

    private static string FormatFloat(string s)
    {
        if (s is "NaN")
        {
            return "nan";
        }
        if (s.Contains("Infinity", StringComparison.Ordinal))
        {
            return s.StartsWith('-') ? "-inf" : "inf";
        }
        if (s.Contains('E', StringComparison.Ordinal))
        {
            return s.Replace("E", "e", StringComparison.Ordinal);
        }
        return s.Contains('.', StringComparison.Ordinal) ? s : s + ".";
    }

    /// <summary>Pads cells to one width: integers right-aligned, floats aligned on the decimal point.</summary>
    private static void Align(string[] cells, DType dtype)
    {
        if (cells.Length <= 1)
        {
            return;
        }
        if (dtype.IsFloating() || dtype.IsStorageFloat())
        {
            int intWidth = 0, fracWidth = 0;
            foreach (string c in cells)
            {
                int dot = c.IndexOf('.', StringComparison.Ordinal);
                intWidth = Math.Max(intWidth, dot < 0 ? c.Length : dot);
                fracWidth = Math.Max(fracWidth, dot < 0 ? 0 : c.Length - dot);
            }
            for (int i = 0; i < cells.Length; i++)
            {
                string c = cells[i];
                int dot = c.IndexOf('.', StringComparison.Ordinal);
                int ip = dot < 0 ? c.Length : dot;
                int fp = dot < 0 ? 0 : c.Length - dot;
                cells[i] = new string(' ', intWidth - ip) + c + new string(' ', fracWidth - fp);
            }
            return;
        }
        int width = cells.Max(c => c.Length);
        for (int i = 0; i < cells.Length; i++)
        {
            cells[i] = cells[i].PadLeft(width);
        }
    }
}
