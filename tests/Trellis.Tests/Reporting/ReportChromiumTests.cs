using System.Diagnostics;
using Trellis.Tests.TestSupport;
using Xunit.Abstractions;

namespace Trellis.Tests.Reporting;

/// <summary>Opens report.html in headless Chromium (Debian's <c>chromium</c>), when installed.</summary>
public class ReportChromiumTests(ITestOutputHelper output)
{
    private static string? FindChromium()
    {
        foreach (string name in new[] { "chromium", "chromium-browser", "google-chrome" })
        {
            foreach (string dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator))
            {
                string candidate = Path.Combine(dir, name);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }
        return null;
    }

    private static (int Code, string Out) Run(string exe, string userDataDir, params string[] args)
    {
        var psi = new ProcessStartInfo(exe) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--hide-scrollbars", $"--user-data-dir={userDataDir}" }.Concat(args))
        {
            psi.ArgumentList.Add(a);
        }
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromSeconds(90)))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException("chromium did not finish within 90 s: " + stderr.Result);
        }
        return (p.ExitCode, stdout.Result);
    }

    [Fact]
    public void Report_InHeadlessChromium_RendersSvgPathsAndColoredCurves()
    {
        string? chromium = FindChromium();
        if (chromium is null)
        {
            output.WriteLine("SKIPPED: chromium is not installed (apt-get install -y chromium); the report was not rendered.");
            return;
        }
        using var dir = new ScratchDir();
        string html = dir.File("report.html");
        ReportTests.Sample().Save(html);
        string url = new Uri(html).AbsoluteUri;

        // The DOM Chromium built: both charts' series paths are there.
        var (code, dom) = Run(chromium, dir.File("profile1"), "--dump-dom", url);
        Assert.Equal(0, code);
        Assert.Equal(2, System.Text.RegularExpressions.Regex.Count(dom, "class=\"series train\""));
        Assert.Equal(2, System.Text.RegularExpressions.Regex.Count(dom, "class=\"series validation\""));

        // The pixels: the screenshot exists, is not blank, and shows both curve colors.
        string png = dir.File("shot.png");
        Run(chromium, dir.File("profile2"), $"--screenshot={png}", "--window-size=1280,1400", url);
        Assert.True(File.Exists(png), "chromium wrote no screenshot");
        var image = PngDecoder.Decode(File.ReadAllBytes(png));
        int blue = 0, orange = 0, nonWhite = 0;
        for (int y = 0; y < image.Height; y++)
        {
            for (int x = 0; x < image.Width; x++)
            {
                var (r, g, b) = image.At(x, y);
                if (r < 250 || g < 250 || b < 250)
                {
                    nonWhite++;
                }
                if (Math.Abs(r - 0x1f) < 24 && Math.Abs(g - 0x77) < 24 && Math.Abs(b - 0xb4) < 24)
                {
                    blue++;
                }
                if (Math.Abs(r - 0xff) < 24 && Math.Abs(g - 0x7f) < 24 && Math.Abs(b - 0x0e) < 24)
                {
                    orange++;
                }
            }
        }
        output.WriteLine($"screenshot {image.Width}x{image.Height}: {nonWhite} non-white, {blue} train-blue, {orange} validation-orange pixels");
        Assert.True(nonWhite > 10_000, $"the screenshot is nearly blank ({nonWhite} non-white pixels)");
        Assert.True(blue > 200, $"too few train-curve pixels: {blue}");
        Assert.True(orange > 200, $"too few validation-curve pixels: {orange}");
    }
}
