using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Trellis.Checkpoints.Format;
using Trellis.Graph.Ir;
using Trellis.Graph.Passes;
using Trellis.Graph.Serialization;

namespace Trellis.Saving;

/// <summary>
/// Exports a traced function with its captured variables, and loads it back as a callable that needs none of the
/// C# code that built it: <c>function.json</c> (the graph) and <c>variables.index</c>/<c>.data-*</c> (a TensorBundle
/// of the captured variables' values) in one directory.
/// </summary>
public static class FunctionExport
{
    private const string GraphFile = "function.json";
    private const string VariablesPrefix = "variables";

    /// <summary>Traces <paramref name="function"/> for <paramref name="signature"/> and writes it to <paramref name="directory"/>.</summary>
    /// <remarks>Ops.Cond branches and Ops.WhileLoop bodies are stored as subgraphs of their op; the loaded function runs them without the C# lambdas.</remarks>
    public static void Save(TracedFunction function, string directory, params TensorSpec[] signature)
    {
        ArgumentNullException.ThrowIfNull(function);
        ArgumentException.ThrowIfNullOrEmpty(directory);
        FunctionGraph graph = function.TraceUnoptimized(signature);
        var captures = new List<Tensor>();
        JsonObject json = GraphCodec.Encode(graph, captures);
        json["name"] = function.Name;
        json["trellis_version"] = typeof(Tensor).Assembly.GetName().Version?.ToString();
        Directory.CreateDirectory(directory);
        using (var writer = new BundleWriter(Path.Combine(directory, VariablesPrefix)))
        {
            for (int i = 0; i < captures.Count; i++)
            {
                writer.Add(CaptureKey(i), captures[i]);
            }
            writer.Finish();
        }
        // The graph last: a directory with a graph file is complete.
        using var file = new AtomicFile(Path.Combine(directory, GraphFile));
        file.Stream.Write(Encoding.UTF8.GetBytes(json.ToJsonString(new JsonSerializerOptions { WriteIndented = true })));
        file.FlushToDisk();
        file.Commit();
    }

    /// <summary>Loads an exported function; its captured variables become new variables holding the saved values.</summary>
    /// <exception cref="TrellisFormatException">The directory does not hold a valid export.</exception>
    public static ConcreteFunction Load(string directory, GraphOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        string path = Path.Combine(directory, GraphFile);
        if (!File.Exists(path))
        {
            throw new TrellisFormatException($"'{directory}' holds no exported function: {GraphFile} is missing.");
        }
        JsonObject json;
        try
        {
            json = JsonNode.Parse(File.ReadAllBytes(path)) as JsonObject ?? throw new TrellisFormatException($"{path} is not a JSON object.");
        }
        catch (JsonException e)
        {
            throw new TrellisFormatException($"{path} is not valid JSON: {e.Message}");
        }
        var reader = BundleReader.Open(Path.Combine(directory, VariablesPrefix));
        var captures = new List<Tensor>();
        for (int i = 0; reader.Contains(CaptureKey(i)); i++)
        {
            captures.Add(new Variable(reader.ReadTensor(CaptureKey(i)), name: $"capture_{i}"));
        }
        FunctionGraph graph = GraphCodec.Decode(json, captures);
        return new ConcreteFunction(GraphOptimizer.Optimize(graph, options ?? GraphOptions.Default), options);
    }

    private static string CaptureKey(int i) => $"captures/{i}/.ATTRIBUTES/VARIABLE_VALUE";
}
