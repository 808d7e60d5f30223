using System.CommandLine;
using Trellis.Cli.Commands;

namespace Trellis.Cli;

/// <summary>The <c>trellis</c> command line: <c>train</c>, <c>inspect</c>, <c>diff</c>, <c>convert</c>.</summary>
public static class TrellisCli
{
    /// <summary>Exit code of a command that succeeded (and, for <c>diff</c>, found no differences).</summary>
    public const int Success = 0;

    /// <summary>Exit code of <c>diff</c> when the files differ.</summary>
    public const int Different = 1;

    /// <summary>Exit code of a command that failed: a missing or damaged file, or bad arguments.</summary>
    public const int Failure = 2;

    /// <summary>Parses and runs a command line, writing to the given streams (the tool's entry point; tests call it in-process).</summary>
    /// <param name="args">The arguments after the program name.</param>
    /// <param name="stdout">Where results go (tables, trees, JSON).</param>
    /// <param name="stderr">Where errors go.</param>
    /// <returns>The exit code: <see cref="Success"/>, <see cref="Different"/> or <see cref="Failure"/>.</returns>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        var io = new CliOutput(stdout, stderr);
        var root = new RootCommand("Trellis: train models and inspect, compare and convert checkpoints.")
        {
            TrainCommand.Create(io),
            InspectCommand.Create(io),
            DiffCommand.Create(io),
            ConvertCommand.Create(io),
        };
        var config = new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false };
        try
        {
            ParseResult parse = root.Parse(args);
            if (parse.Errors.Count > 0)
            {
                // NOTE: System.CommandLine exits with 1 on a parse error, which is diff's "different"; report 2 instead.
                foreach (var error in parse.Errors)
                {
                    stderr.WriteLine($"error: {error.Message}");
                }
                stderr.WriteLine("Run 'trellis --help' for usage.");
                return Failure;
            }
            int code = parse.Invoke(config);
            return code is Success or Different ? code : Failure;
        }
        catch (Exception ex) when (ex is TrellisFormatException or FileNotFoundException or DirectoryNotFoundException or IOException
                                       or ArgumentException or InvalidOperationException or KeyNotFoundException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"error: {ex.Message}");
            return Failure;
        }
    }
}
