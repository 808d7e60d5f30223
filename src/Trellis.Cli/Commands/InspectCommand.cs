using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Trellis.Reporting;

namespace Trellis.Cli.Commands;

/// <summary><c>trellis inspect PATH [--json]</c>: the object graph as a tree, a table of variables, totals.</summary>
internal static class InspectCommand
{
    public static Command Create(CliOutput io)
    {
        var path = new Argument<string>("path")
        {
            Description = "A checkpoint prefix, a directory with a 'checkpoint' state file, a SavedModel directory, a model archive (model.trellis), or a .safetensors file.",
        };
        var json = new Option<bool>("--json") { Description = "Print machine-readable JSON instead of tables." };
        var command = new Command("inspect", "Show the variables and object graph of a checkpoint or safetensors file.") { path, json };
        command.SetAction(parse =>
        {
            var file = WeightsFile.Open(parse.GetRequiredValue(path));
            if (parse.GetValue(json))
            {
                io.Out.WriteLine(file.ToJson());
            }
            else
            {
                Render(io.Console, file);
            }
            return TrellisCli.Success;
        });
        return command;
    }

    private static void Render(IAnsiConsole console, WeightsFile file)
    {
        console.MarkupLine($"[bold]{Markup.Escape(file.Location)}[/] ({file.Format})");
        if (file.ObjectGraph is { Count: > 0 } graph)
        {
            console.Write(ObjectGraphTree.Build(graph, file.Entries));
        }
        else
        {
            console.MarkupLine("[grey]No object graph (a name-based checkpoint).[/]");
        }
        var table = new Table().AddColumn("Key").AddColumn("DType").AddColumn("Shape").AddColumn(new TableColumn("Bytes").RightAligned());
        foreach (var e in file.Entries)
        {
            table.AddRow(Markup.Escape(e.Key), e.DType, Markup.Escape(e.Shape.ToString()), e.Bytes.ToString("N0", CultureInfo.InvariantCulture));
        }
        console.Write(table);
        console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{file.Entries.Count} variables, {file.TotalElements:N0} elements, {file.TotalBytes:N0} bytes"));
        foreach (var kv in file.Metadata.Where(kv => kv.Key != Interop.Safetensors.SafetensorsConverter.ObjectGraphMetadataKey))
        {
            console.WriteLine($"metadata {kv.Key} = {kv.Value}");
        }
    }
}
