using System.Diagnostics;
using System.Globalization;
using System.Text;
using Trellis.Checkpoints.Format;
using Trellis.Tests.Checkpoints.Format;
using Trellis.Tests.TestSupport;
using Xunit.Abstractions;

namespace Trellis.Tests.Checkpoints;

/// <summary>
/// Bundles Trellis writes, read by an independent reader: fixtures/_tools/bundle_dump.py (pure Python + numpy).
/// Runs when some python3 with numpy is available; otherwise it reports that it was skipped.
/// </summary>
public class BundleInteropTests(ITestOutputHelper output)
{
    private static readonly Lazy<string?> s_python = new(FindPythonWithNumpy);

    [Fact]
    public void BundleDumpPy_ReadsTrellisBundle_AgreesOnKeysShapesValuesAndCrc()
    {
        if (s_python.Value is not string python)
        {
            output.WriteLine("SKIPPED: no python3 with numpy found (tried python3, /usr/bin/python3, python); install python3-numpy to run this check.");
            return;
        }
        using var tmp = new ScratchDir();
        string prefix = tmp.File("interop");
        BundleRoundTripTests.WriteEveryDType(prefix, seed: 21);
        var expected = BundleRoundTripTests.EveryDType(seed: 21);
        var reader = BundleReader.Open(prefix);

        string text = Run(python, prefix, maxValues: 10_000);
        output.WriteLine(text.Length > 3000 ? text[..3000] : text);
        var dump = BundleDumpText.Parse(text);
        Assert.Contains("HEADER num_shards=1 endianness=0 version={1: 1}", text, StringComparison.Ordinal);
        Assert.Equal(reader.Keys, dump.Entries.Select(e => e.Key));

        foreach (var e in dump.Entries)
        {
            BundleEntryInfo info = reader.GetEntry(e.Key);
            Assert.True(e.CrcStatus == "crc-ok", $"bundle_dump.py says {e.CrcStatus} for '{e.Key}'");
            Assert.Equal(TfDataTypes.Name(info.DataType), e.DType);
            // NOTE: proto3 does not serialize a Dim whose size is 0 (the default), and bundle_dump.py skips dims without a
            // size field, so it prints [0, 3] as [3]. TensorFlow reads the empty Dim as 0, as Trellis does.
            Assert.Equal(info.Shape.ToArray().Where(d => d != 0), e.Shape);
            Assert.Equal(info.SizeInBytes, e.Size);
            if (info.IsString)
            {
                Assert.Equal(BundleRoundTripTests.Strings.Select(PythonBytesRepr), e.Values!);
                continue;
            }
            Tensor t = expected[e.Key];
            if (t.DType == DType.BFloat16)
            {
                Assert.Null(e.Values); // numpy has no bfloat16; the tool checks the CRC only
                continue;
            }
            Assert.NotNull(e.Values);
            Assert.Equal(t.Size, e.Values.Count);
            for (int i = 0; i < t.Size; i++)
            {
                if (t.DType == DType.Int64)
                {
                    Assert.Equal(t.ToArray<long>()[i], long.Parse(e.Values[i], CultureInfo.InvariantCulture));
                }
                else
                {
                    double v = BundleDumpText.ParseDouble(e.Values[i]);
                    double ours = t.GetAsDouble(i);
                    Assert.True(v.Equals(ours), $"'{e.Key}'[{i}]: python {e.Values[i]}, Trellis {ours}");
                }
            }
        }
    }

    [Fact]
    public void BundleDumpPy_ReadsMultiBlockIndex_FindsEveryKey()
    {
        if (s_python.Value is not string python)
        {
            output.WriteLine("SKIPPED: no python3 with numpy found; install python3-numpy to run this check.");
            return;
        }
        using var tmp = new ScratchDir();
        string prefix = tmp.File("many");
        using (var writer = new BundleWriter(prefix))
        {
            for (int i = 0; i < 400; i++)
            {
                writer.Add($"model/layer_with_weights-{i}/bias/.ATTRIBUTES/VARIABLE_VALUE", Tensor.Fill(new Shape(1), i));
            }
            writer.Finish();
        }
        var dump = BundleDumpText.Parse(Run(python, prefix, maxValues: 8));
        Assert.Equal(400, dump.Entries.Count);
        Assert.All(dump.Entries, e => Assert.Equal("crc-ok", e.CrcStatus));
        var e7 = dump.Entries.Single(e => e.Key == "model/layer_with_weights-7/bias/.ATTRIBUTES/VARIABLE_VALUE");
        Assert.Equal(["7.0"], e7.Values!);
    }

    private static string Run(string python, string prefix, int maxValues)
    {
        var psi = new ProcessStartInfo(python)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(TestSupport.Fixtures.Path("_tools", "bundle_dump.py"));
        psi.ArgumentList.Add(prefix);
        psi.ArgumentList.Add(maxValues.ToString(CultureInfo.InvariantCulture));
        using var p = Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync();
        string stdout = p.StandardOutput.ReadToEnd();
        Assert.True(p.WaitForExit(60_000), "bundle_dump.py timed out");
        Assert.True(p.ExitCode == 0, $"bundle_dump.py failed ({p.ExitCode}): {stderr.Result}");
        return stdout;
    }

    private static string? FindPythonWithNumpy()
    {
        foreach (string candidate in new[] { "python3", "/usr/bin/python3", "python" })
        {
            try
            {
                var psi = new ProcessStartInfo(candidate) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
                psi.ArgumentList.Add("-c");
                psi.ArgumentList.Add("import numpy");
                using var p = Process.Start(psi);
                if (p is not null && p.WaitForExit(30_000) && p.ExitCode == 0)
                {
                    return candidate;
                }
            }
            catch (System.ComponentModel.Win32Exception)
            {
                // Not installed under that name.
            }
        }
        return null;
    }

    // What Python's repr(bytes) prints between the quotes, for simple cases (no quotes in the data).
    private static string PythonBytesRepr(byte[] bytes)
    {
        var sb = new StringBuilder();
        foreach (byte b in bytes)
        {
            sb.Append(b switch
            {
                (byte)'\\' => "\\\\",
                (byte)'\t' => "\\t",
                (byte)'\n' => "\\n",
                (byte)'\r' => "\\r",
                >= 0x20 and < 0x7f => ((char)b).ToString(),
                _ => $"\\x{b:x2}",
            });
        }
        return sb.ToString();
    }
}
