using System.IO.Compression;
using System.Reflection;
using Trellis.Checkpoints;
using Trellis.Models;

namespace Trellis.Saving;

/// <summary>Writes and reads whole-model archives (docs/MODEL_FORMAT.md).</summary>
internal static class ModelArchive
{
    private static readonly DateTimeOffset s_entryTime = new(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static void Save(Model model, string path, bool overwrite)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrEmpty(path);
        string full = Path.GetFullPath(path);
        if (File.Exists(full) && !overwrite)
        {
            throw new IOException($"'{path}' already exists. Pass overwrite: true to replace it, or choose another path.");
        }
        var config = SerializableRegistry.SerializeLayer(model);
        if (model.Compiled)
        {
            config["compile_config"] = SerializableRegistry.CompileConfig(model.Optimizer!, model.Loss!, model.SavedMetricSpecs, model.OutputLosses, model.LossWeights);
        }
        byte[] configBytes = ConfigJson.Serialize(config);
        byte[] metadataBytes = ConfigJson.Serialize(new Dictionary<string, object?>
        {
            ["trellis_version"] = TrellisVersion,
            ["date_saved"] = DateTime.UtcNow.ToString("yyyy-MM-dd@HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture),
            ["format_version"] = ArchiveMembers.FormatVersion,
        });
        string directory = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(directory);
        string bundleDir = Path.Combine(Path.GetTempPath(), "trellis-save-" + Guid.NewGuid().ToString("N"));
        string temp = Path.Combine(directory, $".{Path.GetFileName(full)}.tmp-{Guid.NewGuid():N}");
        try
        {
            Directory.CreateDirectory(bundleDir);
            string prefix = Path.Combine(bundleDir, ArchiveMembers.WeightsPrefix);
            new Checkpoint(("model", model), ("saving", new SavedTrainingState(model, forLoading: false))).Write(prefix);
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
            using (var zip = new ZipArchive(stream, ZipArchiveMode.Create))
            {
                Add(zip, ArchiveMembers.Metadata, metadataBytes, CompressionLevel.Optimal);
                Add(zip, ArchiveMembers.Config, configBytes, CompressionLevel.Optimal);
                Add(zip, ArchiveMembers.WeightsIndex, File.ReadAllBytes(Path.Combine(bundleDir, ArchiveMembers.WeightsIndex)), CompressionLevel.Optimal);
                // Weights barely compress; storing them keeps saving fast.
                Add(zip, ArchiveMembers.WeightsData, File.ReadAllBytes(Path.Combine(bundleDir, ArchiveMembers.WeightsData)), CompressionLevel.NoCompression);
            }
            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            TryDelete(() => File.Delete(temp));
            TryDelete(() => Directory.Delete(bundleDir, recursive: true));
        }
    }

    public static Model Load(string path, IReadOnlyDictionary<string, Type>? customObjects, bool compile, bool safeMode)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return Guard(path, () => Load(SafeArchiveReader.Read(path), customObjects, compile, safeMode));
    }

    /// <summary>Loads from the archive's bytes (tests and in-memory callers).</summary>
    public static Model Load(byte[] archive, string name, IReadOnlyDictionary<string, Type>? customObjects = null, bool compile = true, bool safeMode = true)
        => Guard(name, () => Load(SafeArchiveReader.Read(archive, name), customObjects, compile, safeMode));

    public static void SaveWeights(Model model, string prefix)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrEmpty(prefix);
        string? directory = Path.GetDirectoryName(Path.GetFullPath(prefix));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }
        new Checkpoint(("model", model)).Write(prefix);
    }

    public static void LoadWeights(Model model, string prefix, bool skipMismatch)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrEmpty(prefix);
        Guard(prefix, () =>
        {
            var status = new Checkpoint(("model", model)).Read(prefix);
            CheckReport(status.Report, prefix, skipMismatch);
            return model;
        });
    }

    private static Model Load(ArchiveContents contents, IReadOnlyDictionary<string, Type>? customObjects, bool compile, bool safeMode)
    {
        var metadata = new ConfigReader(ConfigJson.ParseObject(contents.Metadata, ArchiveMembers.Metadata), ArchiveMembers.Metadata);
        long version = metadata.GetLong("format_version");
        if (version < 1 || version > ArchiveMembers.FormatVersion)
        {
            throw new TrellisFormatException(
                $"{ArchiveMembers.Metadata}: format_version {version} (written by Trellis {ConfigReader.Show(metadata.Raw("trellis_version"))}); this Trellis {TrellisVersion} reads format 1 to {ArchiveMembers.FormatVersion}. Update Trellis to load it.");
        }
        var root = new ConfigReader(ConfigJson.ParseObject(contents.Config, ArchiveMembers.Config), ArchiveMembers.Config);
        // Every weight of a valid archive is stored in the data member as float32 or float64: a config asking for
        // more elements than that is damaged, and is refused before anything is allocated.
        var context = new LoadContext(customObjects, safeMode, (contents.WeightsData.Length / 4) + 1024);
        var layer = SerializableRegistry.DeserializeLayer(root, context);
        if (layer is not Model model)
        {
            throw new TrellisFormatException($"{ArchiveMembers.Config} describes a {layer.GetType().Name} layer, not a model. Save a Model (e.g. Sequential) with model.Save.");
        }
        if (compile && root.GetNullableObject("compile_config") is { } compileConfig)
        {
            SerializableRegistry.Compile(model, compileConfig, context);
        }
        // Restore first, then build: the weights then take their values straight from the checkpoint (deferred
        // restoration) instead of running their initializers only to be overwritten.
        var state = new SavedTrainingState(model, forLoading: true);
        var status = RestoreWeights(model, state, contents);
        if (!model.Built && SerializableRegistry.BuildShape(root, context) is { } shape)
        {
            SerializableRegistry.Build(model, shape, context, root.Path);
        }
        CheckReport(status.Report, contents.Path, skipMismatch: false);
        state.ApplyLegacyRandomState();
        return model;
    }

    private static RestoreStatus RestoreWeights(Model model, SavedTrainingState state, ArchiveContents contents)
    {
        try
        {
            var source = new MemoryBundleSource(contents.WeightsIndex, contents.WeightsData, contents.Path);
            var checkpoint = new Checkpoint(("model", model), ("saving", state)) { Storage = new MemoryBundleStorage(source) };
            return checkpoint.Read(ArchiveMembers.WeightsPrefix);
        }
        catch (TrellisFormatException e)
        {
            throw new TrellisFormatException($"'{contents.Path}': {e.Message}", e);
        }
    }

    private static void CheckReport(RestoreReport report, string source, bool skipMismatch)
    {
        if (report.Mismatched.Count > 0 && !skipMismatch)
        {
            throw new TrellisFormatException(
                $"'{source}': the weights do not fit the model built from its config: {string.Join("; ", report.Mismatched.Take(10))}. The archive is damaged or its config was edited.");
        }
        // Archives of format 1 kept the Dropout streams under saving/rng (applied after the restore), not in the model.
        var missing = report.MissingInCheckpoint.Where(p => !SavedTrainingState.IsLegacyRandomState(p)).ToList();
        if (missing.Count > 0)
        {
            throw new TrellisFormatException(
                $"'{source}': these weights of the model have no saved value: {string.Join(", ", missing.Take(10))}. The archive is damaged or its config was edited.");
        }
    }

    /// <summary>Runs a load step so that whatever goes wrong surfaces as a <see cref="TrellisFormatException"/> naming the source.</summary>
    private static T Guard<T>(string source, Func<T> load)
    {
        try
        {
            return load();
        }
        catch (TrellisFormatException)
        {
            throw;
        }
        catch (Exception e) when (e is not (OperationCanceledException or ThreadInterruptedException))
        {
            throw new TrellisFormatException($"'{source}' could not be loaded: {e.GetType().Name}: {e.Message}", e);
        }
    }

    private static void Add(ZipArchive zip, string name, byte[] bytes, CompressionLevel level)
    {
        var entry = zip.CreateEntry(name, level);
        entry.LastWriteTime = s_entryTime;
        using var stream = entry.Open();
        stream.Write(bytes);
    }

    private static void TryDelete(Action delete)
    {
        try
        {
            delete();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Best effort: a leftover temporary file is not worth failing a save or load over.
        }
    }

    private static string TrellisVersion =>
        typeof(ModelArchive).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";
}
