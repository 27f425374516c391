using System.Collections.Concurrent;
using TfLite.Core.Graph;
using TfLite.Core.Keras;
using TfLite.Core.Tests.Infrastructure;

namespace TfLite.Core.Tests.Quantization.Modes;

/// <summary>Float graphs of the shared Keras models, imported once per test run (tests must not change them).</summary>
internal static class QuantizedModels
{
    private static readonly ConcurrentDictionary<string, Lazy<TfLiteGraph>> Imported = new();

    /// <summary>The imported float graph of a model file under ../shared/models.</summary>
    public static TfLiteGraph Float(string folder, string file) =>
        Imported.GetOrAdd(SharedData.Path("models", folder, file), p => new Lazy<TfLiteGraph>(() => KerasImporter.Import(p))).Value;

    /// <summary>The main subgraph's tensors of one type.</summary>
    public static List<Tensor> OfType(TfLiteGraph g, TensorType type) => g.Main.Tensors.Where(t => t.Type == type).ToList();

    /// <summary>Operator counts by code.</summary>
    public static SortedDictionary<BuiltinOperator, int> Histogram(TfLiteGraph g) =>
        new(g.Main.Operators.GroupBy(o => o.Code).ToDictionary(k => k.Key, k => k.Count()));
}
