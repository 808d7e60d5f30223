namespace Trellis.Tests.TestSupport;

/// <summary>Finds the shared reference files (../shared/fixtures beside the repository) from a test's output folder.</summary>
public static class Fixtures
{
    private static readonly Lazy<string> s_root = new(FindRoot);

    /// <summary>The absolute path of a file or folder under shared/fixtures, e.g. Path("onnx_backend", "node").</summary>
    /// <exception cref="DirectoryNotFoundException">No shared/fixtures folder was found above the test binaries.</exception>
    public static string Path(params string[] parts) => System.IO.Path.Combine([s_root.Value, .. parts]);

    /// <summary>The absolute path of shared/fixtures itself.</summary>
    public static string Root => s_root.Value;

    private static string FindRoot()
    {
        // Walk up from bin/<config>/<tfm>: a folder that holds shared/fixtures, or the repository (the folder with
        // Trellis.slnx) whose sibling is shared/fixtures. Worktrees one level deeper are found by the first rule.
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string direct = System.IO.Path.Combine(dir.FullName, "shared", "fixtures");
            if (Directory.Exists(direct))
            {
                return direct;
            }
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Trellis.slnx")) && dir.Parent is { } parent)
            {
                string sibling = System.IO.Path.Combine(parent.FullName, "shared", "fixtures");
                if (Directory.Exists(sibling))
                {
                    return sibling;
                }
            }
        }
        throw new DirectoryNotFoundException(
            $"No shared/fixtures folder was found in or above {AppContext.BaseDirectory}. " +
            "The reference files live in ../shared/fixtures next to the repository (see its MANIFEST.md); copy or link them there.");
    }
}
