using System.Text.RegularExpressions;
using System.Xml.Linq;
using Trellis.Layers;
using Trellis.Models;
using Trellis.Reporting;
using Trellis.Tests.TestSupport;

namespace Trellis.Tests.Reporting;

public class ReportTests
{
    internal static Report Sample()
    {
        var history = new Dictionary<string, List<double>>
        {
            ["loss"] = [2.3, 1.2, 0.8, 0.6, 0.5],
            ["accuracy"] = [0.2, 0.55, 0.7, 0.8, 0.85],
            ["val_loss"] = [2.0, 1.3, 0.9, 0.75, 0.7],
            ["val_accuracy"] = [0.3, 0.5, 0.65, 0.72, 0.78],
        };
        var report = Report.FromHistory(history);
        report.Title = "MNIST <MLP> & friends";
        report.ModelSummary = "Layer (type)   Output Shape   Param #\ndense (Dense)  (None, 128)    100480";
        report.Hyperparameters.Add(new("optimizer", "adam"));
        report.Hyperparameters.Add(new("batch_size", "32"));
        report.EpochSeconds = [1.5, 1.25, 1.25, 1.0, 1.0];
        return report;
    }

    private static List<XElement> Svgs(string html) =>
        Regex.Matches(html, "<svg.*?</svg>", RegexOptions.Singleline).Select(m => XElement.Parse(m.Value)).ToList();

    [Fact]
    public void ToHtml_History_DrawsOneChartPerMetricWithTrainAndValidationPaths()
    {
        string html = Sample().ToHtml();
        var svgs = Svgs(html);
        Assert.Equal(2, svgs.Count);
        XNamespace ns = "http://www.w3.org/2000/svg";
        foreach (var svg in svgs)
        {
            var series = svg.Elements(ns + "path").Where(p => ((string?)p.Attribute("class"))?.StartsWith("series", StringComparison.Ordinal) == true).ToList();
            Assert.Equal(["series train", "series validation"], series.Select(p => (string)p.Attribute("class")!));
            foreach (var path in series)
            {
                // One M and four L commands: a point per epoch.
                string d = (string)path.Attribute("d")!;
                Assert.Equal(5, Regex.Count(d, "[ML]-?[0-9.]+,-?[0-9.]+"));
            }
        }
        Assert.Equal(["loss", "accuracy"], svgs.Select(s => s.Elements(ns + "text").First().Value));
    }

    [Fact]
    public void ToHtml_Loss_LowerValuesDrawnHigherOnThePage()
    {
        string html = Report.FromHistory(new Dictionary<string, double[]> { ["loss"] = [3, 2, 1] }).ToHtml();
        XNamespace ns = "http://www.w3.org/2000/svg";
        string d = (string)Svgs(html)[0].Elements(ns + "path").Single(p => (string?)p.Attribute("class") == "series train").Attribute("d")!;
        var ys = Regex.Matches(d, ",(-?[0-9.]+)").Select(m => double.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.True(ys[0] < ys[1] && ys[1] < ys[2], $"SVG y grows downward, so a falling loss has growing y: {d}");
    }

    [Fact]
    public void ToHtml_IsSelfContained_NoScriptsOrFetchedResources()
    {
        string html = Sample().ToHtml();
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<link", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("src=", html, StringComparison.OrdinalIgnoreCase);
        // The only URL is the SVG namespace name, which browsers never fetch.
        Assert.All(Regex.Matches(html, "https?://[^\"' <]+").Select(m => m.Value), url => Assert.Equal("http://www.w3.org/2000/svg", url));
    }

    [Fact]
    public void ToHtml_Text_IsEscapedAndSectionsPresent()
    {
        string html = Sample().ToHtml();
        Assert.Contains("MNIST &lt;MLP&gt; &amp; friends", html, StringComparison.Ordinal);
        Assert.Contains("dense (Dense)", html, StringComparison.Ordinal);
        Assert.Contains("<th>optimizer</th><td>adam</td>", html, StringComparison.Ordinal);
        Assert.Contains("6.000", html, StringComparison.Ordinal); // total seconds
    }

    [Fact]
    public void ToHtml_NaNEpoch_BreaksTheLine()
    {
        string html = Report.FromHistory(new Dictionary<string, double[]> { ["loss"] = [1, double.NaN, 0.5, 0.25] }).ToHtml();
        XNamespace ns = "http://www.w3.org/2000/svg";
        string d = (string)Svgs(html)[0].Elements(ns + "path").Single(p => (string?)p.Attribute("class") == "series train").Attribute("d")!;
        Assert.Equal(2, d.Count(c => c == 'M'));
        Assert.DoesNotContain("NaN", d, StringComparison.Ordinal);
    }

    [Fact]
    public void FromHistory_FitHistory_ChartsLossAndValidationLoss()
    {
        var model = new Sequential(new Dense(3, activation: "relu", inputShape: [2]), new Dense(1));
        model.Compile(optimizer: "sgd", loss: "mse");
        var history = model.Fit(Tensor.RandomNormal([12, 2], seed: 1), Tensor.RandomNormal([12, 1], seed: 2), epochs: 3, batchSize: 4, verbose: 0, validationSplit: 0.25, seed: 1);
        string html = Report.FromFit(history, model).ToHtml();
        Assert.Contains("Dense", html, StringComparison.Ordinal);
        var svg = Assert.Single(Svgs(html));
        XNamespace ns = "http://www.w3.org/2000/svg";
        Assert.Equal("loss", svg.Elements(ns + "text").First().Value);
        Assert.Equal(2, svg.Elements(ns + "path").Count(p => ((string?)p.Attribute("class"))?.StartsWith("series", StringComparison.Ordinal) == true));
    }

    [Fact]
    public void Save_WritesTheFile()
    {
        using var dir = new ScratchDir();
        string path = dir.File("report.html");
        Sample().Save(path);
        Assert.StartsWith("<!DOCTYPE html>", File.ReadAllText(path), StringComparison.Ordinal);
    }
}
