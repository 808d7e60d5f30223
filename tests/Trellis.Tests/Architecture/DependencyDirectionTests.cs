using System.Text.RegularExpressions;
using Trellis.Tests.TestSupport;

namespace Trellis.Tests.Architecture;

/// <summary>Scans the library's <c>using</c> lines and fails on a dependency edge DESIGN.md does not allow.</summary>
public partial class DependencyDirectionTests
{
    // Folder -> folders it may use. Trellis's own namespaces map 1:1 to folders (Ops/ uses Trellis.Operations).
    private static readonly Dictionary<string, string[]> Allowed = new()
    {
        ["Kernels"] = ["Kernels", "Internal"],
        ["Tensors"] = ["Tensors", "Internal"],
        ["Internal"] = ["Internal"],
        ["Ops"] = ["Ops", "Kernels", "Tensors", "Internal"],
        ["Autodiff"] = ["Autodiff", "Ops", "Tensors", "Internal"],
        ["Tracking"] = ["Tracking", "Tensors", "Internal"],
        ["Checkpoints"] = ["Checkpoints", "Tracking", "Tensors", "Internal"],
        ["Graph"] = ["Graph", "Autodiff", "Ops", "Tracking", "Tensors", "Internal"],
        ["Layers"] = ["Layers", "Activations", "Initializers", "Regularizers", "Autodiff", "Ops", "Tracking", "Tensors", "Internal"],
        ["Optimizers"] = ["Optimizers", "Autodiff", "Ops", "Tracking", "Tensors", "Internal"],
        ["Losses"] = ["Losses", "Autodiff", "Ops", "Tracking", "Tensors", "Internal"],
        ["Metrics"] = ["Metrics", "Autodiff", "Ops", "Tracking", "Tensors", "Internal"],
        ["Models"] = ["Models", "Graph", "Layers", "Optimizers", "Losses", "Metrics", "Data", "Autodiff", "Tracking", "Ops", "Tensors", "Internal"],
    };

    private static readonly Dictionary<string, string> NamespaceToFolder = new()
    {
        ["Operations"] = "Ops",
    };

    [Fact]
    public void UsingLines_FollowTheAllowedDirection()
    {
        string src = Path.Combine(FindRepositoryRoot(), "src", "Trellis");
        var violations = new List<string>();
        foreach (string file in Directory.EnumerateFiles(src, "*.cs", SearchOption.AllDirectories))
        {
            string rel = Path.GetRelativePath(src, file);
            if (rel.StartsWith("obj", StringComparison.Ordinal) || rel.StartsWith("bin", StringComparison.Ordinal) || !rel.Contains(Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                continue;
            }
            string folder = rel.Split(Path.DirectorySeparatorChar)[0];
            if (!Allowed.TryGetValue(folder, out var allowed))
            {
                continue;
            }
            foreach (Match m in UsingPattern().Matches(File.ReadAllText(file)))
            {
                string ns = m.Groups[1].Value;
                string target = NamespaceToFolder.GetValueOrDefault(ns, ns);
                if (!allowed.Contains(target))
                {
                    violations.Add($"{rel}: {folder} -> {target}");
                }
            }
        }
        Assert.True(violations.Count == 0, "Dependency edges not allowed by DESIGN.md:\n" + string.Join("\n", violations));
    }

    internal static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Trellis.slnx")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("Trellis.slnx not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex(@"^using\s+Trellis\.(\w+)", RegexOptions.Multiline)]
    private static partial Regex UsingPattern();
}
