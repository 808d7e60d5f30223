using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Trellis.Reporting;

namespace Trellis.Cli.Commands;

/// <summary><c>trellis diff A B</c>: per-variable status. Exit code 0 when identical, 1 when anything differs.</summary>
internal static class DiffCommand
{
    public static Command Create(CliOutput io)
    {
        var a = new Argument<string>("a") { Description = "The first checkpoint or safetensors file." };
        var b = new Argument<string>("b") { Description = "The second checkpoint or safetensors file." };
        var all = new Option<bool>("--all") { Description = "Also list variables that are the same." };
        var command = new Command("diff", "Compare two checkpoints or safetensors files variable by variable.") { a, b, all };
        command.SetAction(parse =>
        {
            var entries = WeightsDiff.Compare(WeightsFile.Open(parse.GetRequiredValue(a)), WeightsFile.Open(parse.GetRequiredValue(b)));
            bool showAll = parse.GetValue(all);
            var table = new Table().AddColumn("Key").AddColumn("Status").AddColumn("A").AddColumn("B")
                .AddColumn(new TableColumn("Max abs diff").RightAligned()).AddColumn(new TableColumn("Max rel diff").RightAligned());
            foreach (var e in entries.Where(e => showAll || e.Status != WeightDiffStatus.Same))
            {
                bool numbers = e.Status == WeightDiffStatus.Changed && (e.MaxAbsDiff != 0 || e.MaxRelDiff != 0);
                table.AddRow(
                    Markup.Escape(e.Key),
                    StatusText(e.Status),
                    Markup.Escape(Describe(e.A)),
                    Markup.Escape(Describe(e.B)),
                    numbers ? e.MaxAbsDiff.ToString("G6", CultureInfo.InvariantCulture) : "",
                    numbers ? e.MaxRelDiff.ToString("G6", CultureInfo.InvariantCulture) : "");
            }
            if (table.Rows.Count > 0)
            {
                io.Console.Write(table);
            }
            var counts = entries.GroupBy(e => e.Status).OrderBy(g => g.Key).Select(g => $"{g.Count()} {Name(g.Key)}");
            io.Console.WriteLine(string.Join(", ", counts));
            return entries.All(e => e.Status == WeightDiffStatus.Same) ? TrellisCli.Success : TrellisCli.Different;
        });
        return command;
    }

    public static string Name(WeightDiffStatus status) => status switch
    {
        WeightDiffStatus.Same => "same",
        WeightDiffStatus.Changed => "changed",
        WeightDiffStatus.OnlyInA => "only in A",
        WeightDiffStatus.OnlyInB => "only in B",
        WeightDiffStatus.ShapeChanged => "shape changed",
        WeightDiffStatus.DTypeChanged => "dtype changed",
        _ => status.ToString(),
    };

    private static string StatusText(WeightDiffStatus status) => status switch
    {
        WeightDiffStatus.Same => "[green]same[/]",
        WeightDiffStatus.Changed => "[yellow]changed[/]",
        _ => $"[red]{Name(status)}[/]",
    };

    private static string Describe(WeightEntry? e) => e is null ? "-" : $"{e.DType} {e.Shape}";
}
