using System.Text.Json;
using TfLite.Core.Graph;
using TfLite.Core.Interpreter;
using TfLite.Core.Serialization;
using TfLite.Core.Tests.Infrastructure;
using Xunit;

namespace TfLite.Core.Tests.Interpreter.Integer;

/// <summary>
/// The quantized models of <c>conformance/tflm-goldens</c>: TFLite Micro's reference kernels ran each on four
/// seeded inputs, built once with double rounding and once with <c>TFLITE_SINGLE_ROUNDING</c>. Every output must equal
/// the build of the same rounding exactly.
/// </summary>
public class TflmGoldenTests
{
    private static string Folder => SharedData.Path("conformance", "tflm-goldens");

    public static TheoryData<string, RoundingMode> QuantizedModels()
    {
        var data = new TheoryData<string, RoundingMode>();
        foreach (var json in Directory.GetFiles(Folder, "*.json").Order(StringComparer.Ordinal))
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(json));
            var graph = TfLiteReader.ReadFile(SharedData.Path(doc.RootElement.GetProperty("model").GetString()!));
            if (!graph.Main.Tensors.Any(t => t.Type.IsQuantizedType() && t.Quantization is { IsQuantized: true })) continue;
            data.Add(Path.GetFileName(json), RoundingMode.Double);
            data.Add(Path.GetFileName(json), RoundingMode.Single);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(QuantizedModels))]
    public void Outputs_EqualTflm(string golden, RoundingMode rounding)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, golden)));
        var root = doc.RootElement;
        var graph = TfLiteReader.ReadFile(SharedData.Path(root.GetProperty("model").GetString()!));
        var interpreter = new TfLite.Core.Interpreter.Interpreter(graph, new InterpreterOptions { Rounding = rounding });
        string key = rounding == RoundingMode.Double ? "double" : "single";
        int caseIndex = 0;
        foreach (var testCase in root.GetProperty("cases").EnumerateArray())
        {
            interpreter.ResetState();
            int i = 0;
            foreach (var input in testCase.GetProperty("inputs").EnumerateArray())
                SetInput(interpreter, i++, input);
            interpreter.Invoke();
            int o = 0;
            foreach (var expected in testCase.GetProperty(key).EnumerateArray())
            {
                // Floats are printed with 9 significant digits in the goldens, which round-trips every float32.
                var actual = InterpreterValues.Output(interpreter, o);
                var want = expected.EnumerateArray().Select(v => v.GetDouble()).ToArray();
                Assert.Equal(want.Length, actual.Length);
                for (int k = 0; k < want.Length; k++)
                    Assert.True(want[k] == actual[k],
                        $"{golden} ({key}), case {caseIndex}, output {o}[{k}]: expected {want[k]:R}, got {actual[k]:R}");
                o++;
            }
            caseIndex++;
        }
    }

    private static void SetInput(TfLite.Core.Interpreter.Interpreter interpreter, int index, JsonElement values)
    {
        var raw = values.EnumerateArray().Select(v => v.GetDouble()).ToArray();
        switch (interpreter.Inputs[index].Type)
        {
            case TensorType.Int8: interpreter.SetInput(index, raw.Select(v => checked((sbyte)v)).ToArray()); break;
            case TensorType.UInt8: interpreter.SetInput(index, raw.Select(v => checked((byte)v)).ToArray()); break;
            case TensorType.Int16: interpreter.SetInput(index, raw.Select(v => checked((short)v)).ToArray()); break;
            case TensorType.Float32: interpreter.SetInput(index, raw.Select(v => (float)v).ToArray()); break;
            default: throw new InvalidOperationException($"Unexpected input type {interpreter.Inputs[index].Type}.");
        }
    }
}
