using System.Globalization;
using System.Text;

namespace Trellis.Reporting;

/// <summary>Draws one metric per epoch (train and validation) as an inline SVG line chart.</summary>
internal static class LineChart
{
    private const double Width = 560, Height = 320;
    private const double Left = 64, Right = 16, Top = 48, Bottom = 44;

    public static string Svg(string title, IReadOnlyList<double>? train, IReadOnlyList<double>? validation)
    {
        var values = (train ?? []).Concat(validation ?? []).Where(double.IsFinite).ToList();
        int epochs = Math.Max(train?.Count ?? 0, validation?.Count ?? 0);
        double min = values.Count > 0 ? values.Min() : 0, max = values.Count > 0 ? values.Max() : 1;
        if (max - min < 1e-12)
        {
            // A flat series still needs a visible y range.
            double pad = Math.Abs(max) > 0 ? Math.Abs(max) * 0.05 : 0.5;
            min -= pad;
            max += pad;
        }
        double plotW = Width - Left - Right, plotH = Height - Top - Bottom;
        double X(int epoch) => Left + (epochs <= 1 ? plotW / 2 : epoch * plotW / (epochs - 1));
        double Y(double v) => Top + ((max - v) / (max - min) * plotH);

        var sb = new StringBuilder();
        sb.Append(Inv($"<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" width=\"{Width}\" height=\"{Height}\" viewBox=\"0 0 {Width} {Height}\" role=\"img\" aria-label=\"{Html.Escape(title)}\">"));
        sb.Append(Inv($"<text x=\"{Width / 2}\" y=\"18\" text-anchor=\"middle\" class=\"title\">{Html.Escape(title)}</text>"));
        // Axes, with five y ticks and up to ten epoch ticks.
        sb.Append(Inv($"<path class=\"axis\" d=\"M{Left},{Top} L{Left},{Top + plotH} L{Left + plotW},{Top + plotH}\" fill=\"none\" stroke=\"#444\"/>"));
        for (int i = 0; i <= 4; i++)
        {
            double v = min + ((max - min) * i / 4);
            double y = Y(v);
            sb.Append(Inv($"<line x1=\"{Left}\" y1=\"{y:0.##}\" x2=\"{Left + plotW}\" y2=\"{y:0.##}\" stroke=\"#ddd\"/>"));
            sb.Append(Inv($"<text x=\"{Left - 6}\" y=\"{y + 4:0.##}\" text-anchor=\"end\" class=\"tick\">{v:G4}</text>"));
        }
        int step = Math.Max(1, (int)Math.Ceiling(epochs / 10.0));
        for (int e = 0; e < epochs; e += step)
        {
            sb.Append(Inv($"<text x=\"{X(e):0.##}\" y=\"{Top + plotH + 16}\" text-anchor=\"middle\" class=\"tick\">{e + 1}</text>"));
        }
        sb.Append(Inv($"<text x=\"{Left + (plotW / 2)}\" y=\"{Height - 6}\" text-anchor=\"middle\" class=\"tick\">epoch</text>"));
        AppendSeries(sb, "train", "#1f77b4", "", train, X, Y);
        AppendSeries(sb, "validation", "#ff7f0e", " stroke-dasharray=\"6 4\"", validation, X, Y);
        // Legend.
        double lx = Left + plotW - 150;
        if (train is { Count: > 0 })
        {
            sb.Append(Inv($"<line x1=\"{lx}\" y1=\"{Top - 14}\" x2=\"{lx + 24}\" y2=\"{Top - 14}\" stroke=\"#1f77b4\" stroke-width=\"2\"/><text x=\"{lx + 30}\" y=\"{Top - 10}\" class=\"tick\">train</text>"));
        }
        if (validation is { Count: > 0 })
        {
            sb.Append(Inv($"<line x1=\"{lx + 70}\" y1=\"{Top - 14}\" x2=\"{lx + 94}\" y2=\"{Top - 14}\" stroke=\"#ff7f0e\" stroke-width=\"2\" stroke-dasharray=\"6 4\"/><text x=\"{lx + 100}\" y=\"{Top - 10}\" class=\"tick\">validation</text>"));
        }
        sb.Append("</svg>");
        return sb.ToString();
    }

    private static void AppendSeries(StringBuilder sb, string cls, string color, string dash, IReadOnlyList<double>? series, Func<int, double> x, Func<double, double> y)
    {
        if (series is not { Count: > 0 })
        {
            return;
        }
        var d = new StringBuilder();
        bool pen = false;
        for (int e = 0; e < series.Count; e++)
        {
            if (!double.IsFinite(series[e]))
            {
                pen = false; // a NaN or infinite epoch breaks the line rather than drawing off the chart
                continue;
            }
            d.Append(Inv($"{(pen ? " L" : (d.Length > 0 ? " M" : "M"))}{x(e):0.##},{y(series[e]):0.##}"));
            pen = true;
        }
        sb.Append(Inv($"<path class=\"series {cls}\" d=\"{d}\" fill=\"none\" stroke=\"{color}\" stroke-width=\"2\"{dash}/>"));
        for (int e = 0; e < series.Count; e++)
        {
            if (double.IsFinite(series[e]))
            {
                sb.Append(Inv($"<circle cx=\"{x(e):0.##}\" cy=\"{y(series[e]):0.##}\" r=\"3\" fill=\"{color}\"><title>{cls} epoch {e + 1}: {series[e]:G6}</title></circle>"));
            }
        }
    }

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
