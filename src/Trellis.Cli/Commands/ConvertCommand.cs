using System.CommandLine;
using Trellis.Interop.Safetensors;
using Trellis.Reporting;

namespace Trellis.Cli.Commands;

/// <summary><c>trellis convert SRC DST</c>: TensorBundle checkpoint ↔ safetensors, chosen by which side ends in <c>.safetensors</c>.</summary>
internal static class ConvertCommand
{
    public static Command Create(CliOutput io)
    {
        var src = new Argument<string>("src") { Description = "A checkpoint (prefix, directory or SavedModel), a model archive (model.trellis) or a .safetensors file." };
        var dst = new Argument<string>("dst") { Description = "A .safetensors file, or a checkpoint prefix to write." };
        var command = new Command("convert", "Convert a TensorBundle checkpoint to safetensors or back, or a model archive to safetensors; keys are kept, the object graph travels in __metadata__.") { src, dst };
        command.SetAction(parse =>
        {
            string from = parse.GetRequiredValue(src);
            string to = parse.GetRequiredValue(dst);
            bool srcIsSafetensors = from.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase);
            bool dstIsSafetensors = to.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase);
            IReadOnlyList<string> skipped;
            if (dstIsSafetensors && File.Exists(from) && WeightsFile.Open(from).Format == WeightsFile.ModelArchiveFormat)
            {
                skipped = SafetensorsConverter.ArchiveToSafetensors(from, to);
            }
            else if (dstIsSafetensors && !srcIsSafetensors)
            {
                skipped = SafetensorsConverter.CheckpointToSafetensors(from, to);
            }
            else if (srcIsSafetensors && !dstIsSafetensors)
            {
                skipped = SafetensorsConverter.SafetensorsToCheckpoint(from, to);
            }
            else
            {
                io.Error.WriteLine($"error: cannot tell the direction of '{from}' -> '{to}'. Exactly one side must end in .safetensors (the other is a checkpoint).");
                return TrellisCli.Failure;
            }
            foreach (string key in skipped)
            {
                io.Error.WriteLine($"warning: skipped '{key}': its dtype cannot be stored in the destination format.");
            }
            io.Out.WriteLine($"Wrote {to}");
            return TrellisCli.Success;
        });
        return command;
    }
}
