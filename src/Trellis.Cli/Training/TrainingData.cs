using System.Globalization;
using System.IO.Compression;
using Trellis.Data;

namespace Trellis.Cli.Training;

/// <summary>A classification dataset ready for the seed MLP: float32 features (N, F) and one-hot labels (N, C).</summary>
internal sealed record TrainingData(string Name, Tensor XTrain, Tensor YTrain, Tensor XTest, Tensor YTest, int Classes)
{
    public int Features => XTrain.Shape[1];

    /// <summary>Loads <paramref name="dataset"/>: mnist (bundled), fashion-mnist, iris, digits, wine, or a CSV path.</summary>
    /// <param name="dataset">The dataset name or a CSV file (features then an integer label per row; an optional header).</param>
    /// <param name="dataDir">Where the sklearn and fashion-mnist files are; found automatically when null.</param>
    /// <param name="samples">Use only the first N training samples (null: all).</param>
    /// <param name="seed">Seed of the train/test split of CSV datasets.</param>
    public static TrainingData Load(string dataset, string? dataDir, int? samples, int seed)
    {
        TrainingData data = dataset.ToLowerInvariant() switch
        {
            "mnist" => Mnist(),
            "fashion-mnist" or "fashion_mnist" => FashionMnist(dataDir),
            "iris" => Csv("iris", FindDataFile(dataDir, "sklearn", "iris.csv"), seed),
            "wine" => Csv("wine", FindDataFile(dataDir, "sklearn", "wine_data.csv"), seed),
            "digits" => Csv("digits", FindDataFile(dataDir, "sklearn", "digits.csv.gz"), seed),
            _ when File.Exists(dataset) => Csv(Path.GetFileNameWithoutExtension(dataset), dataset, seed),
            _ => throw new ArgumentException($"Unknown dataset '{dataset}'. Expected mnist, fashion-mnist, iris, digits, wine, or the path of a CSV file."),
        };
        if (samples is int n && n < data.XTrain.Shape[0])
        {
            if (n <= 0)
            {
                throw new ArgumentException($"--samples must be positive, but received {n}.");
            }
            var first = Tensor.Constant(Enumerable.Range(0, n).ToArray(), [n]);
            data = data with { XTrain = Ops.Gather(data.XTrain, first), YTrain = Ops.Gather(data.YTrain, first) };
        }
        return data;
    }

    private static TrainingData Mnist()
    {
        var ((xTrain, yTrain), (xTest, yTest)) = Datasets.Mnist.Load();
        return FromImages("mnist", xTrain, yTrain, xTest, yTest);
    }

    private static TrainingData FashionMnist(string? dataDir)
    {
        const string system = "/usr/share/datasets/fashion-mnist";
        if (File.Exists(Path.Combine(system, "train-images-idx3-ubyte.gz")))
        {
            return FromImages("fashion-mnist",
                Idx.Read(Path.Combine(system, "train-images-idx3-ubyte.gz")), Idx.Read(Path.Combine(system, "train-labels-idx1-ubyte.gz")),
                Idx.Read(Path.Combine(system, "t10k-images-idx3-ubyte.gz")), Idx.Read(Path.Combine(system, "t10k-labels-idx1-ubyte.gz")));
        }
        // The shared fixtures hold the 10,000 test images only (split in two byte ranges): train on 8,000, test on 2,000.
        string part0 = FindDataFile(dataDir, "debian_fashion_mnist", "t10k-images-idx3-ubyte.gz.part0");
        byte[] gz = [.. File.ReadAllBytes(part0), .. File.ReadAllBytes(part0[..^1] + "1")];
        Tensor images = Idx.Read(new MemoryStream(gz));
        Tensor labels = Idx.Read(Path.Combine(Path.GetDirectoryName(part0)!, "t10k-labels-idx1-ubyte.gz"));
        var train = Tensor.Constant(Enumerable.Range(0, 8000).ToArray(), [8000]);
        var test = Tensor.Constant(Enumerable.Range(8000, 2000).ToArray(), [2000]);
        return FromImages("fashion-mnist", Ops.Gather(images, train), Ops.Gather(labels, train), Ops.Gather(images, test), Ops.Gather(labels, test));
    }

    private static TrainingData FromImages(string name, Tensor xTrain, Tensor yTrain, Tensor xTest, Tensor yTest)
    {
        static Tensor Pixels(Tensor images)
        {
            byte[] raw = images.ToArray<byte>();
            int n = images.Shape[0];
            return Tensor.Constant(raw.Select(b => b / 255f).ToArray(), [n, raw.Length / n]);
        }
        int[] trainLabels = yTrain.ToArray<byte>().Select(b => (int)b).ToArray();
        int[] testLabels = yTest.ToArray<byte>().Select(b => (int)b).ToArray();
        return new TrainingData(name, Pixels(xTrain), OneHot(trainLabels, 10), Pixels(xTest), OneHot(testLabels, 10), 10);
    }

    private static TrainingData Csv(string name, string path, int seed)
    {
        var rows = new List<double[]>();
        using (var reader = new StreamReader(OpenMaybeGzip(path)))
        {
            string? line;
            int lineNumber = 0;
            while ((line = reader.ReadLine()) is not null)
            {
                lineNumber++;
                if (line.Trim().Length == 0)
                {
                    continue;
                }
                string[] fields = line.Split(',');
                var values = new double[fields.Length];
                bool numeric = true;
                for (int i = 0; i < fields.Length && numeric; i++)
                {
                    numeric = double.TryParse(fields[i].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]);
                }
                if (!numeric)
                {
                    if (lineNumber == 1)
                    {
                        continue; // a header
                    }
                    throw new TrellisFormatException($"'{path}' line {lineNumber} has a non-numeric field: {line}. Expected numbers, the label last.");
                }
                if (rows.Count > 0 && values.Length != rows[0].Length)
                {
                    throw new TrellisFormatException($"'{path}' line {lineNumber} has {values.Length} fields; the first row has {rows[0].Length}.");
                }
                rows.Add(values);
            }
        }
        if (rows.Count < 2 || rows[0].Length < 2)
        {
            throw new TrellisFormatException($"'{path}' needs at least two rows of features followed by a label.");
        }
        int features = rows[0].Length - 1;
        int[] labels = rows.Select(r => (int)r[^1]).ToArray();
        if (rows.Any(r => r[^1] != Math.Floor(r[^1]) || r[^1] < 0))
        {
            throw new TrellisFormatException($"'{path}': the last column must be a class index 0, 1, 2...");
        }
        int classes = labels.Max() + 1;
        int[] order = Enumerable.Range(0, rows.Count).ToArray();
        new Random(seed).Shuffle(order);
        int trainCount = (int)Math.Round(rows.Count * 0.8);
        int[] trainIdx = order[..trainCount], testIdx = order[trainCount..];
        // Standardize with the training rows' mean and deviation so every feature has a comparable scale.
        var mean = new double[features];
        var std = new double[features];
        for (int f = 0; f < features; f++)
        {
            mean[f] = trainIdx.Average(i => rows[i][f]);
            double variance = trainIdx.Average(i => (rows[i][f] - mean[f]) * (rows[i][f] - mean[f]));
            std[f] = variance > 0 ? Math.Sqrt(variance) : 1;
        }
        Tensor X(int[] idx) => Tensor.Constant(idx.SelectMany(i => Enumerable.Range(0, features).Select(f => (float)((rows[i][f] - mean[f]) / std[f]))).ToArray(), [idx.Length, features]);
        return new TrainingData(name, X(trainIdx), OneHot(trainIdx.Select(i => labels[i]).ToArray(), classes), X(testIdx), OneHot(testIdx.Select(i => labels[i]).ToArray(), classes), classes);
    }

    private static Tensor OneHot(int[] labels, int classes)
    {
        var y = new float[labels.Length * classes];
        for (int i = 0; i < labels.Length; i++)
        {
            y[(i * classes) + labels[i]] = 1;
        }
        return Tensor.Constant(y, [labels.Length, classes]);
    }

    private static Stream OpenMaybeGzip(string path)
    {
        var file = File.OpenRead(path);
        int b0 = file.ReadByte(), b1 = file.ReadByte();
        file.Position = 0;
        return b0 == 0x1f && b1 == 0x8b ? new GZipStream(file, CompressionMode.Decompress) : file;
    }

    /// <summary>
    /// Finds a file of the shared fixtures' datasets folder: under --data-dir, else in a <c>shared/fixtures/datasets</c>
    /// (or <c>fixtures/datasets</c>) folder above the working directory or the tool.
    /// </summary>
    private static string FindDataFile(string? dataDir, string folder, string file)
    {
        var roots = new List<string>();
        if (dataDir is not null)
        {
            roots.Add(dataDir);
            roots.Add(Path.Combine(dataDir, "datasets"));
        }
        foreach (string start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                roots.Add(Path.Combine(dir.FullName, "shared", "fixtures", "datasets"));
                roots.Add(Path.Combine(dir.FullName, "fixtures", "datasets"));
            }
        }
        foreach (string root in roots)
        {
            string candidate = Path.Combine(root, folder, file);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        throw new FileNotFoundException($"Dataset file '{folder}/{file}' was not found. Pass --data-dir pointing at the shared fixtures' 'datasets' folder (../shared/fixtures/datasets).");
    }
}
