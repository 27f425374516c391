using TfLite.Core.Graph;
using TfLite.Core.Serialization;

namespace TfLite.Core.Measurement;

using Interpreter = TfLite.Core.Interpreter.Interpreter;

/// <summary>Computes a <see cref="StaticAnalysis"/>: sizes, parameters, operators, MACs, arena and Arm kernel support.</summary>
public static class ModelAnalyzer
{
    /// <summary>Analyzes a graph.</summary>
    /// <param name="graph">The model.</param>
    /// <param name="interpreter">An interpreter of the graph, for inferred shapes and the memory plan; null when
    /// the graph cannot be run (shapes then come from the graph and the arena is unknown).</param>
    public static StaticAnalysis Analyze(TfLiteGraph graph, Interpreter? interpreter)
    {
        var runtimeShapes = interpreter?.Tensors.ToDictionary(t => (object)t.Source, t => t.Shape, ReferenceEqualityComparer.Instance);
        int[] ShapeOf(Tensor t) => runtimeShapes is not null && runtimeShapes.TryGetValue(t, out var s) ? s : t.Shape;

        var constants = graph.Subgraphs.SelectMany(s => s.Tensors).Where(t => t.IsConstant).ToList();
        var byType = constants.GroupBy(t => t.Type)
            .Select(g => new ParameterGroup(g.Key, g.Sum(t => t.ElementCount),
                g.Select(t => t.Data!).Distinct(ReferenceEqualityComparer.Instance).Sum(d => (long)((byte[])d!).Length)))
            .OrderByDescending(g => g.Bytes).ToList();
        var ops = graph.Subgraphs.SelectMany(s => s.Operators).ToList();
        var usage = ops.GroupBy(OperatorNames.Of)
            .Select(g => new OperatorUsage(g.Key, g.Count(), g.Sum(op => MacCounter.Count(op, ShapeOf)),
                ArmKernelSupport.IsTflmBuiltin(g.First().Code), ArmKernelSupport.HasCmsisNnKernel(g.First().Code),
                g.Select(ArmKernelSupport.KernelFor).Min()))
            .OrderByDescending(u => u.Count).ThenBy(u => u.Operator, StringComparer.Ordinal).ToList();
        var (size, serialized) = SizeOf(graph);
        return new StaticAnalysis
        {
            SizeBytes = size,
            SizeIsSerialized = serialized,
            ParameterCount = byType.Sum(g => g.Count),
            ParameterBytes = byType.Sum(g => g.Bytes),
            ParametersByType = byType,
            Operators = usage,
            OperatorCount = ops.Count,
            Macs = usage.Sum(u => u.Macs),
            ArenaBytes = interpreter?.MemoryPlan.ArenaBytes,
            Inputs = graph.Inputs.Select(Summarize).ToList(),
            Outputs = graph.Outputs.Select(Summarize).ToList(),
            ArmTarget = ArmKernelSupport.Summarize(graph),
        };
    }

    private static (long Size, bool Serialized) SizeOf(TfLiteGraph graph)
    {
        // A graph imported from Keras has the .h5/.keras file as its source: its size says nothing about the .tflite.
        if (graph.SourcePath is { } path && path.EndsWith(".tflite", StringComparison.OrdinalIgnoreCase) && File.Exists(path))
            return (new FileInfo(path).Length, false);
        return (TfLiteWriter.Write(graph).Length, true);
    }

    private static TensorSummary Summarize(Tensor t)
    {
        var q = t.Quantization is { IsQuantized: true } p ? p : null;
        return new TensorSummary(t.Name, t.Type, Shape.Format(t.ShapeSignature ?? t.Shape), q?.Scale[0], q?.ZeroPoint[0]);
    }
}
