using System.Globalization;
using Trellis.Layers;

namespace Trellis.Models;

public abstract partial class Model
{
    private static readonly int[] s_columnWidths = [33, 24, 15];

    // Functional models get Keras's fourth column, "Connected to".
    private static readonly int[] s_functionalColumnWidths = [29, 22, 12, 27];

    /// <summary>
    /// Writes Keras 3's summary table: each layer's name and type, output shape and parameter count (and, for a
    /// <see cref="Functional"/> model, the tensors each layer reads, as <c>layer[node][tensor]</c>), then totals.
    /// </summary>
    /// <param name="output">Where to write; <see cref="Console.Out"/> when null.</param>
    public void Summary(TextWriter? output = null)
    {
        output ??= Console.Out;
        var functional = this as Functional;
        int[] widths = functional is null ? s_columnWidths : s_functionalColumnWidths;
        string[] header = functional is null ? ["Layer (type)", "Output Shape", "Param #"] : ["Layer (type)", "Output Shape", "Param #", "Connected to"];
        output.WriteLine($"Model: \"{Name}\"");
        output.WriteLine(Border(widths, '┏', '━', '┳', '┓'));
        WriteRow(output, widths, '┃', header.Select(h => (string[])[h]).ToArray());
        output.WriteLine(Border(widths, '┡', '━', '╇', '┩'));
        var layers = Layers;
        var shapes = (this as Sequential)?.OutputShapes();
        for (int i = 0; i < layers.Count; i++)
        {
            var layer = layers[i];
            string shape = functional is not null ? FunctionalOutputShape(functional, layer)
                : shapes is not null ? shapes[i].ToString() : layer.Built ? "?" : "(unbuilt)";
            long count = layer.Built ? layer.Variables.Sum(v => (long)v.Size) : 0;
            string param = layer.Built || layer is InputLayer ? count.ToString("N0", CultureInfo.InvariantCulture) : "0 (unbuilt)";
            string[][] cells = [[$"{layer.Name} ({layer.GetType().Name})"], [shape], [param]];
            if (functional is not null)
            {
                cells = [.. cells, Connections(functional, layer)];
            }
            WriteRow(output, widths, '│', cells);
            output.WriteLine(i + 1 < layers.Count ? Border(widths, '├', '─', '┼', '┤') : Border(widths, '└', '─', '┴', '┘'));
        }
        if (layers.Count == 0)
        {
            output.WriteLine(Border(widths, '└', '─', '┴', '┘'));
        }
        output.WriteLine(" Total params: " + Count(Variables));
        output.WriteLine(" Trainable params: " + Count(TrainableVariables));
        output.WriteLine(" Non-trainable params: " + Count(NonTrainableVariables));
    }

    /// <summary>The output shape of the layer's last call in the model (as Keras 3 shows it), several joined for several outputs.</summary>
    private static string FunctionalOutputShape(Functional model, Layer layer)
    {
        var node = layer.InboundNodes.LastOrDefault(model.Graph.NodeSet.Contains);
        return node is null ? "?" : node.Outputs.Count == 1 ? node.Outputs[0].Shape.ToString() : "[" + string.Join(", ", node.Outputs.Select(t => t.Shape.ToString())) + "]";
    }

    /// <summary>Every tensor the layer's calls in the model read, one per line, or <c>-</c> for an input.</summary>
    private static string[] Connections(Functional model, Layer layer)
    {
        var names = layer.InboundNodes.Where(model.Graph.NodeSet.Contains).SelectMany(n => n.Inputs).Select(t => t.Name).ToList();
        if (names.Count == 0)
        {
            return ["-"];
        }
        return [.. names.Select((n, i) => i + 1 < names.Count ? n + "," : n)];
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

    private static string Border(int[] widths, char left, char fill, char middle, char right)
        => left + string.Join(middle, widths.Select(w => new string(fill, w))) + right;

    /// <summary>One table row; a cell with several lines makes the row that tall. The third column is right-aligned.</summary>
    private static void WriteRow(TextWriter output, int[] widths, char bar, string[][] cells)
    {
        int height = cells.Max(c => c.Length);
        for (int line = 0; line < height; line++)
        {
            var text = new System.Text.StringBuilder().Append(bar);
            for (int c = 0; c < widths.Length; c++)
            {
                text.Append(Cell(line < cells[c].Length ? cells[c][line] : "", widths[c], rightAlign: c == 2)).Append(bar);
            }
            output.WriteLine(text.ToString());
        }
    }

    private static string Cell(string text, int width, bool rightAlign)
    {
        int inner = width - 2;
        if (text.Length > inner)
        {
            text = text[..(inner - 1)] + "…";
        }
        return " " + (rightAlign ? text.PadLeft(inner) : text.PadRight(inner)) + " ";
    }
}
