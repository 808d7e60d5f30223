using System.Globalization;
using Trellis.Layers;

namespace Trellis.Models;

public abstract partial class Model
{
    private static readonly int[] s_columnWidths = [33, 24, 15];

    /// <summary>Writes Keras 3's summary table: each layer's name and type, output shape and parameter count, then totals.</summary>
    /// <param name="output">Where to write; <see cref="Console.Out"/> when null.</param>
    public void Summary(TextWriter? output = null)
    {
        output ??= Console.Out;
        output.WriteLine($"Model: \"{Name}\"");
        output.WriteLine(Border('┏', '━', '┳', '┓'));
        output.WriteLine(Row('┃', "Layer (type)", "Output Shape", "Param #"));
        output.WriteLine(Border('┡', '━', '╇', '┩'));
        var layers = Layers;
        var shapes = (this as Sequential)?.OutputShapes();
        for (int i = 0; i < layers.Count; i++)
        {
            string shape = shapes is not null ? shapes[i].ToString() : layers[i].Built ? "?" : "(unbuilt)";
            long count = layers[i].Built ? layers[i].Variables.Sum(v => (long)v.Size) : 0;
            string param = layers[i].Built ? count.ToString("N0", CultureInfo.InvariantCulture) : "0 (unbuilt)";
            output.WriteLine(Row('│', $"{layers[i].Name} ({layers[i].GetType().Name})", shape, param));
            output.WriteLine(i + 1 < layers.Count ? Border('├', '─', '┼', '┤') : Border('└', '─', '┴', '┘'));
        }
        if (layers.Count == 0)
        {
            output.WriteLine(Border('└', '─', '┴', '┘'));
        }
        output.WriteLine(" Total params: " + Count(Variables));
        output.WriteLine(" Trainable params: " + Count(TrainableVariables));
        output.WriteLine(" Non-trainable params: " + Count(NonTrainableVariables));
    }

    private static string Count(IReadOnlyList<Variable> variables)
    {
        long n = variables.Sum(v => (long)v.Size);
        long bytes = variables.Sum(v => (long)v.Size * v.DType.SizeInBytes());
        return $"{n.ToString("N0", CultureInfo.InvariantCulture)} ({Bytes(bytes)})";
    }

    private static string Bytes(long bytes)
    {
        string[] units = ["B", "KB", "MB", "GB", "TB"];
        double value = bytes;
        int u = 0;
        while (value >= 1024 && u < units.Length - 1)
        {
            value /= 1024;
            u++;
        }
        return value.ToString("0.00", CultureInfo.InvariantCulture) + " " + units[u];
    }

    private static string Border(char left, char fill, char middle, char right)
        => left + string.Join(middle, s_columnWidths.Select(w => new string(fill, w))) + right;

    private static string Row(char bar, string name, string shape, string param)
    {
        string Cell(string text, int width, bool rightAlign)
        {
            int inner = width - 2;
            if (text.Length > inner)
            {
                text = text[..(inner - 1)] + "…";
            }
            return " " + (rightAlign ? text.PadLeft(inner) : text.PadRight(inner)) + " ";
        }
        return bar + Cell(name, s_columnWidths[0], false) + bar + Cell(shape, s_columnWidths[1], false) + bar + Cell(param, s_columnWidths[2], true) + bar;
    }
}
