using System.CommandLine;
using Trellis.Cli.Training;

namespace Trellis.Cli.Commands;

/// <summary><c>trellis train</c>: trains the seed MLP with checkpoints, history.csv and report.html in --out.</summary>
internal static class TrainCommand
{
    public static Command Create(CliOutput io)
    {
        var defaults = new TrainOptions();
        var dataset = new Option<string>("--dataset") { Description = "mnist (bundled), fashion-mnist, iris, digits, wine, or a CSV file (features, then an integer label).", DefaultValueFactory = _ => defaults.Dataset };
        var epochs = new Option<int>("--epochs") { Description = "Epochs to train in total (a resumed run continues up to this).", DefaultValueFactory = _ => defaults.Epochs };
        var batchSize = new Option<int>("--batch-size") { Description = "Samples per gradient step.", DefaultValueFactory = _ => defaults.BatchSize };
        var optimizer = new Option<string>("--optimizer") { Description = "adam, sgd or rmsprop.", DefaultValueFactory = _ => defaults.Optimizer };
        var learningRate = new Option<double?>("--learning-rate") { Description = "The optimizer's learning rate (default: the optimizer's own)." };
        var output = new Option<string>("--out") { Description = "The run directory: checkpoints/, logs/, history.csv, report.html, model.trellis.", DefaultValueFactory = _ => defaults.Out };
        var resume = new Option<bool>("--resume") { Description = "Continue from the latest checkpoint in --out." };
        var seed = new Option<int>("--seed") { Description = "Seed of the initial weights, shuffling and CSV split.", DefaultValueFactory = _ => defaults.Seed };
        var samples = new Option<int?>("--samples") { Description = "Train on the first N training samples only." };
        var dataDir = new Option<string?>("--data-dir") { Description = "The shared fixtures' datasets folder (found automatically above the working directory)." };
        var units = new Option<int>("--units") { Description = "Hidden units of the MLP.", DefaultValueFactory = _ => defaults.Units };
        var command = new Command("train", "Train the seed MLP (Dense(128, relu) -> Dense(classes, softmax)) with checkpoints and a report.")
        {
            dataset, epochs, batchSize, optimizer, learningRate, output, resume, seed, samples, dataDir, units,
        };
        command.SetAction(parse =>
        {
            var options = new TrainOptions(
                parse.GetValue(dataset)!, parse.GetValue(epochs), parse.GetValue(batchSize), parse.GetValue(optimizer)!,
                parse.GetValue(learningRate), parse.GetValue(output)!, parse.GetValue(resume), parse.GetValue(seed),
                parse.GetValue(samples), parse.GetValue(dataDir), parse.GetValue(units));
            return new TrainRun(options, io).Run();
        });
        return command;
    }
}
