using System.Globalization;
using Trellis.Models;

namespace Trellis.Callbacks;

/// <summary>Writes one CSV row per epoch: <c>epoch</c>, then the logged values (Keras <c>CSVLogger</c>).</summary>
/// <param name="filename">The CSV file.</param>
/// <param name="separator">The field separator.</param>
/// <param name="append">Append to an existing file instead of overwriting it.</param>
public sealed class CSVLogger(string filename, char separator = ',', bool append = false) : Callback
{
    private List<string>? _keys;
    private bool _writeHeader;

    /// <inheritdoc/>
    public override void OnTrainBegin(IReadOnlyDictionary<string, double> logs)
    {
        _writeHeader = !(append && File.Exists(filename) && new FileInfo(filename).Length > 0);
        if (!append)
        {
            File.WriteAllText(filename, "");
        }
        _keys = null;
    }

    /// <inheritdoc/>
    public override void OnEpochEnd(int epoch, IReadOnlyDictionary<string, double> logs)
    {
        ArgumentNullException.ThrowIfNull(logs);
        _keys ??= [.. logs.Keys.Order(StringComparer.Ordinal)];
        using var writer = File.AppendText(filename);
        if (_writeHeader)
        {
            writer.WriteLine("epoch" + separator + string.Join(separator, _keys));
            _writeHeader = false;
        }
        var fields = new List<string> { epoch.ToString(CultureInfo.InvariantCulture) };
        fields.AddRange(_keys.Select(k => logs.TryGetValue(k, out double v) ? v.ToString("R", CultureInfo.InvariantCulture) : ""));
        writer.WriteLine(string.Join(separator, fields));
    }
}
