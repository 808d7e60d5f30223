using System.Globalization;
using System.Text;
using Trellis.Checkpoints.Format;
using Trellis.Models;

namespace Trellis.Reporting;

/// <summary>
/// A training report: one self-contained <c>report.html</c> with a line chart per metric (train and validation per
/// epoch, inline SVG), the model summary, hyperparameters and timing. No scripts, fonts or styles are fetched.
/// </summary>
/// <remarks>
/// The history is what <c>Model.Fit</c> returns: metric name → one value per epoch, validation metrics prefixed
/// <c>val_</c> (<c>loss</c>, <c>val_loss</c>, <c>accuracy</c>, <c>val_accuracy</c>). Each chart pairs <c>x</c> with
/// <c>val_x</c>; a validation metric without its train twin gets a chart of its own.
/// </remarks>
public sealed class Report
{
    private readonly List<KeyValuePair<string, IReadOnlyList<double>>> _history;

    /// <summary>Creates a report over a history.</summary>
    /// <param name="history">Metric name → per-epoch values.</param>
    /// <exception cref="ArgumentNullException"><paramref name="history"/> is null.</exception>
    public Report(IEnumerable<KeyValuePair<string, IReadOnlyList<double>>> history)
    {
        ArgumentNullException.ThrowIfNull(history);
        _history = history.Select(kv => new KeyValuePair<string, IReadOnlyList<double>>(kv.Key, kv.Value.ToArray())).ToList();
    }

    /// <summary>The heading (default "Training report").</summary>
    public string Title { get; set; } = "Training report";

    /// <summary>The model summary text (<c>model.Summary()</c>'s table), shown preformatted; null to omit.</summary>
    public string? ModelSummary { get; set; }

    /// <summary>Hyperparameters shown as a table, in insertion order (optimizer, learning rate, batch size...).</summary>
    public IList<KeyValuePair<string, string>> Hyperparameters { get; } = [];

    /// <summary>Seconds each epoch took; shown with the total when set.</summary>
    public IReadOnlyList<double>? EpochSeconds { get; set; }

    /// <summary>When the report was generated (shown in the footer); default now.</summary>
    public DateTimeOffset GeneratedAt { get; set; } = DateTimeOffset.UtcNow;

    /// <summary>Creates a report from any dictionary of per-epoch sequences (e.g. <c>Dictionary&lt;string, List&lt;double&gt;&gt;</c>).</summary>
    /// <typeparam name="TValues">The sequence type.</typeparam>
    /// <param name="history">Metric name → per-epoch values.</param>
    /// <returns>The report.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="history"/> is null.</exception>
    public static Report FromHistory<TValues>(IEnumerable<KeyValuePair<string, TValues>> history)
        where TValues : IEnumerable<double>
    {
        ArgumentNullException.ThrowIfNull(history);
        return new Report(history.Select(kv => new KeyValuePair<string, IReadOnlyList<double>>(kv.Key, kv.Value.ToArray())));
    }

    /// <summary>Creates a report from what <c>Model.Fit</c> returned, with the model's summary table.</summary>
    /// <param name="history">The history <c>Fit</c> returned.</param>
    /// <param name="model">The trained model, for the summary; null to omit it.</param>
    /// <returns>The report; set <see cref="Hyperparameters"/> and <see cref="EpochSeconds"/> before saving if wanted.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="history"/> is null.</exception>
    public static Report FromFit(History history, Model? model = null)
    {
        ArgumentNullException.ThrowIfNull(history);
        var report = FromHistory(history.Values);
        if (model is not null)
        {
            var summary = new StringWriter();
            model.Summary(summary);
            report.ModelSummary = summary.ToString();
        }
        return report;
    }

    /// <summary>The HTML document.</summary>
    /// <returns>A complete UTF-8 HTML5 document with inline CSS and SVG.</returns>
    public string ToHtml()
    {
        var sb = new StringBuilder();
        sb.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        sb.Append("<title>").Append(Html.Escape(Title)).Append("</title>\n");
        sb.Append("<style>body{font-family:system-ui,sans-serif;margin:24px;color:#222;background:#fff}")
          .Append(".charts{display:flex;flex-wrap:wrap;gap:16px}.chart{border:1px solid #ccc;background:#fff}")
          .Append(".chart .title{font-size:15px;font-weight:600}.chart .tick{font-size:11px;fill:#444}")
          .Append("table{border-collapse:collapse;margin:8px 0}td,th{border:1px solid #ccc;padding:3px 10px;text-align:left}")
          .Append("td.num{text-align:right;font-variant-numeric:tabular-nums}pre{background:#f6f6f6;padding:10px;overflow:auto}")
          .Append("footer{margin-top:24px;color:#777;font-size:12px}</style>\n</head>\n<body>\n");
        sb.Append("<h1>").Append(Html.Escape(Title)).Append("</h1>\n");
        AppendCharts(sb);
        AppendFinalValues(sb);
        if (Hyperparameters.Count > 0)
        {
            sb.Append("<h2>Hyperparameters</h2>\n<table class=\"hyperparameters\">");
            foreach (var (k, v) in Hyperparameters)
            {
                sb.Append("<tr><th>").Append(Html.Escape(k)).Append("</th><td>").Append(Html.Escape(v)).Append("</td></tr>");
            }
            sb.Append("</table>\n");
        }
        AppendTiming(sb);
        if (ModelSummary is not null)
        {
            sb.Append("<h2>Model</h2>\n<pre class=\"model-summary\">").Append(Html.Escape(ModelSummary)).Append("</pre>\n");
        }
        sb.Append("<footer>Generated by Trellis at ").Append(GeneratedAt.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture)).Append(".</footer>\n");
        sb.Append("</body>\n</html>\n");
        return sb.ToString();
    }

    /// <summary>Writes <see cref="ToHtml"/> to a file (under a temporary name, then renamed into place).</summary>
    /// <param name="path">The file to create or replace, e.g. <c>runs/1/report.html</c>.</param>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null or empty.</exception>
    public void Save(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var file = new AtomicFile(path);
        file.Stream.Write(Encoding.UTF8.GetBytes(ToHtml()));
        file.FlushToDisk();
        file.Commit();
    }

    /// <summary>The charts: each metric with its <c>val_</c> twin, in history order.</summary>
    internal IEnumerable<(string Name, IReadOnlyList<double>? Train, IReadOnlyList<double>? Validation)> Series()
    {
        var byName = _history.ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
        foreach (var (name, values) in _history)
        {
            if (name.StartsWith("val_", StringComparison.Ordinal))
            {
                if (!byName.ContainsKey(name[4..]))
                {
                    yield return (name, null, values);
                }
                continue;
            }
            yield return (name, values, byName.GetValueOrDefault("val_" + name));
        }
    }

    private void AppendCharts(StringBuilder sb)
    {
        sb.Append("<h2>Curves</h2>\n<div class=\"charts\">\n");
        foreach (var (name, train, validation) in Series())
        {
            sb.Append(LineChart.Svg(name, train, validation)).Append('\n');
        }
        sb.Append("</div>\n");
    }

    private void AppendFinalValues(StringBuilder sb)
    {
        if (_history.Count == 0)
        {
            return;
        }
        sb.Append("<h2>Final epoch</h2>\n<table class=\"final\"><tr><th>metric</th><th>last</th><th>best</th></tr>");
        foreach (var (name, values) in _history.Where(kv => kv.Value.Count > 0))
        {
            bool lowerIsBetter = name.Contains("loss", StringComparison.Ordinal) || name.Contains("error", StringComparison.Ordinal);
            var finite = values.Where(double.IsFinite).ToList();
            string best = finite.Count == 0 ? "-" : (lowerIsBetter ? finite.Min() : finite.Max()).ToString("G6", CultureInfo.InvariantCulture);
            sb.Append("<tr><td>").Append(Html.Escape(name)).Append("</td><td class=\"num\">")
              .Append(values[^1].ToString("G6", CultureInfo.InvariantCulture)).Append("</td><td class=\"num\">").Append(best).Append("</td></tr>");
        }
        sb.Append("</table>\n");
    }

    private void AppendTiming(StringBuilder sb)
    {
        if (EpochSeconds is not { Count: > 0 } seconds)
        {
            return;
        }
        sb.Append("<h2>Timing</h2>\n<table class=\"timing\"><tr><th>epoch</th><th>seconds</th></tr>");
        for (int i = 0; i < seconds.Count; i++)
        {
            sb.Append(CultureInfo.InvariantCulture, $"<tr><td>{i + 1}</td><td class=\"num\">{seconds[i]:0.000}</td></tr>");
        }
        sb.Append(CultureInfo.InvariantCulture, $"<tr><th>total</th><td class=\"num\">{seconds.Sum():0.000}</td></tr></table>\n");
    }
}
