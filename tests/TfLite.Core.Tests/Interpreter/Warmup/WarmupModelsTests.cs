using TfLite.Core.Graph;
using TfLite.Core.Interpreter;
using TfLite.Core.Interpreter.Warmup;
using TfLite.Core.Serialization;
using TfLite.Core.Tests.Infrastructure;
using TfLite.Core.Tests.Infrastructure.Oracle;
using Xunit;

namespace TfLite.Core.Tests.Interpreter.Warmup;

using Interpreter = TfLite.Core.Interpreter.Interpreter;

/// <summary>
/// The warm-up models must be models TFLite itself accepts and runs the same way, or the warm-up would compile
/// paths no real model takes (or fail quietly in the background).
/// </summary>
public sealed class WarmupModelsTests
{
    [Fact]
    public void Int8ModelRunsInLiteRtAndEqualsOurXnnpackInterpreter()
    {
        var graph = WarmupModels.Int8();
        var input = Enumerable.Range(0, (int)graph.Inputs[0].ElementCount).Select(i => (sbyte)(i * 53 % 256 - 128)).ToArray();
        var ours = new Interpreter(graph, new InterpreterOptions { Rounding = RoundingMode.Xnnpack });
        ours.SetInput(0, input);
        ours.Invoke();

        var lite = OracleRunner.Run(TfLiteWriter.Write(graph), [OracleTensor.Int8(graph.Inputs[0].Shape, input)]);

        var expected = (sbyte[])lite.Outputs[0].Values;
        Assert.Equal(expected, ours.GetOutputArray<sbyte>(0));
        // The probabilities of two classes sum to one: a head that saturates would warm up nothing useful.
        Assert.InRange(expected.Sum(q => (q + 128) / 256.0), 0.98, 1.01);
        Assert.All(expected, q => Assert.InRange((int)q, -127, 126));
    }

    [Fact]
    public void FloatModelRunsInLiteRtAndAgreesWithOurInterpreter()
    {
        var graph = WarmupModels.Float32();
        var input = Enumerable.Range(0, (int)graph.Inputs[0].ElementCount).Select(i => (i * 53 % 256) / 256f).ToArray();
        var ours = new Interpreter(graph);
        ours.SetInput(0, input);
        ours.Invoke();

        var lite = OracleRunner.Run(TfLiteWriter.Write(graph), [OracleTensor.Float32(graph.Inputs[0].Shape, input)]);

        var expected = (float[])lite.Outputs[0].Values;
        var actual = ours.GetOutputArray<float>(0);
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], actual[i], 1e-5f);
        Assert.InRange(expected.Min(), 1e-3f, 1f);
    }
}
