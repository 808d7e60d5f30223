namespace Trellis.Tests.TestSupport;

/// <summary>Finds the shared third-party fixtures (../shared/fixtures) from wherever the tests run.</summary>
internal static class FixturePaths
{
    private static readonly Lazy<string> s_root = new(FindRoot);

    /// <summary>The fixtures directory (contains MANIFEST.md).</summary>
    public static string Root => s_root.Value;

    /// <summary>A path under the fixtures directory.</summary>
    public static string Get(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "shared", "fixtures");
            if (File.Exists(Path.Combine(candidate, "MANIFEST.md")))
            {
                return candidate;
            }
        }
        throw new DirectoryNotFoundException(
            $"No 'shared/fixtures' folder with MANIFEST.md was found above {AppContext.BaseDirectory}. The fixture tests need the shared fixtures checked out beside the repository.");
    }
}
