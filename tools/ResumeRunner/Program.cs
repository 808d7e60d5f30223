using System.Globalization;
using Trellis.Interop.Safetensors;
using Trellis.Models;

// Resumes training from a saved model archive in a fresh process: proves that the archive alone (weights, optimizer
// state, metric state, Dropout streams) lets Fit continue exactly as the saving process would have.
// Usage: ResumeRunner <archive in> <archive out> <data.safetensors with x and y> <epochs> <initialEpoch> <batchSize> <seed>
if (args.Length != 7)
{
    Console.Error.WriteLine("usage: ResumeRunner <archive in> <archive out> <data.safetensors> <epochs> <initialEpoch> <batchSize> <seed>");
    return 2;
}
var data = SafetensorsFile.Open(args[2]);
int epochs = int.Parse(args[3], CultureInfo.InvariantCulture);
int initialEpoch = int.Parse(args[4], CultureInfo.InvariantCulture);
int batchSize = int.Parse(args[5], CultureInfo.InvariantCulture);
long seed = long.Parse(args[6], CultureInfo.InvariantCulture);

Model model = Model.Load(args[0]);
var history = model.Fit(data.GetTensor("x"), data.GetTensor("y"), batchSize: batchSize, epochs: epochs, verbose: 0, shuffle: true,
    initialEpoch: initialEpoch, seed: seed);
model.Save(args[1], overwrite: true);
Console.WriteLine(history["loss"][^1].ToString("R", CultureInfo.InvariantCulture));
return 0;
