using System.Globalization;
using Trellis;
using Trellis.Saving;

// Loads an exported function and runs it: proves an export needs none of the C# code that built it.
// Usage: ExportRunner <export dir> <comma-separated float32 values> <comma-separated shape>
if (args.Length != 3)
{
    Console.Error.WriteLine("usage: ExportRunner <export dir> <values> <shape>");
    return 2;
}
var function = FunctionExport.Load(args[0]);
float[] values = args[1].Split(',').Select(v => float.Parse(v, CultureInfo.InvariantCulture)).ToArray();
int[] shape = args[2].Split(',').Select(d => int.Parse(d, CultureInfo.InvariantCulture)).ToArray();
Tensor result = function.Invoke(Tensor.Constant(values, new Shape(shape)))[0];
Console.WriteLine(string.Join(",", result.ToArray<float>().Select(v => v.ToString("R", CultureInfo.InvariantCulture))));
return 0;
