namespace Trellis.Tests.Checkpoints.Format;

/// <summary>A fresh temporary directory, deleted on dispose.</summary>
internal sealed class TempBundleDir : IDisposable
{
    public TempBundleDir() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "trellis-ckpt-" + Guid.NewGuid().ToString("N"));

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
