using TfLite.Core.Graph;
using TfLite.Core.TensorFlow;
using TfLite.Core.TensorFlow.Conversion;

namespace TfLite.Core.Tests.TensorFlow.Infrastructure;

/// <summary>Converts test GraphDefs and runs the result in the interpreter.</summary>
internal static class TfConversion
{
    /// <summary>The graph converted with the standard passes, outputs named or the sinks.</summary>
    public static TfLiteGraph Convert(TfGraphBuilder g, params string[] outputs) =>
        GraphDefConverter.Convert(g.Graph, null, new TfImportOptions { OutputNames = outputs.Length > 0 ? outputs : null });

    /// <summary>Runs <paramref name="graph"/> on one float input and returns output 0 with its shape.</summary>
    public static (float[] Values, int[] Shape) Run(TfLiteGraph graph, float[] input)
    {
        var interpreter = new TfLite.Core.Interpreter.Interpreter(graph);
        interpreter.SetInput(0, input);
        interpreter.Invoke();
        return (interpreter.GetOutputArray<float>(0), interpreter.GetOutputShape(0));
    }

    /// <summary>Asserts that every value is within <paramref name="tolerance"/> of the expected one (relative to its size).</summary>
    public static void AssertClose(float[] expected, float[] actual, float tolerance = 1e-5f)
    {
        Xunit.Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
            Xunit.Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance * Math.Max(1, Math.Abs(expected[i])),
                $"element {i}: expected {expected[i]}, got {actual[i]}");
    }
}
