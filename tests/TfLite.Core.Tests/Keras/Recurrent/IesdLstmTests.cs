using System.Text.Json;
using TfLite.Core.Graph;
using TfLite.Core.Keras;
using TfLite.Core.Serialization;
using TfLite.Core.Tests.Conformance.Harness;
using TfLite.Core.Tests.Infrastructure;
using TfLite.Core.Tests.Infrastructure.Oracle;
using Xunit;

namespace TfLite.Core.Tests.Keras.Recurrent;

using Interpreter = TfLite.Core.Interpreter.Interpreter;

/// <summary>
/// The CNN-LSTM of ../shared/models/iesd-cnn-lstm-k2.10 against TensorFlow's own LSTM.tflite of the same .h5: the
/// fused lowering has TF's operators, layout and weights; both lowerings reproduce TFLite Micro's outputs of TF's
/// file (tflm-goldens) within 1e-4 * max(1, |ref|) — the unrolled one in LiteRT, the fused one in our interpreter.
/// </summary>
public sealed class IesdLstmTests
{
    private const double Tolerance = 1e-4;
    private static string KerasPath => SharedData.Path("models", "iesd-cnn-lstm-k2.10", "LSTM_seed_all_acc_14.h5");
    private static string TfPath => SharedData.Path("models", "iesd-cnn-lstm-k2.10", "LSTM.tflite");

    private static TfLiteGraph Import(RecurrentLowering lowering) =>
        KerasImporter.Import(KerasPath, new KerasImportOptions { RecurrentLowering = lowering });

    [Fact]
    public void Fused_lowering_has_TensorFlows_operators_and_size()
    {
        var ours = Import(RecurrentLowering.Fused);
        var tf = TfLiteReader.ReadFile(TfPath);
        Assert.Equal(OperatorNames.Histogram(tf), OperatorNames.Histogram(ours));
        var size = TfLiteWriter.Write(ours).Length;
        var tfSize = new FileInfo(TfPath).Length;
        Assert.True(Math.Abs(size - tfSize) <= 0.01 * tfSize + 4096, $"size {size} vs TF's {tfSize}");
    }

    [Fact]
    public void Fused_lstm_has_TensorFlows_inputs_weights_and_options()
    {
        var ours = Single(Import(RecurrentLowering.Fused));
        var tf = Single(TfLiteReader.ReadFile(TfPath));
        Assert.Equal(24, ours.Inputs.Count);
        for (var i = 1; i < 24; i++)
        {
            var (a, b) = (ours.Inputs[i], tf.Inputs[i]);
            Assert.True((a is null) == (b is null), $"input {i}: ours {a?.ToString() ?? "null"}, TF's {b?.ToString() ?? "null"}");
            if (a is null || b is null) continue;
            Assert.Equal(b.Shape, a.Shape);
            Assert.Equal(b.IsVariable, a.IsVariable);
            if (b.IsConstant) Assert.Equal(b.GetData<float>().ToArray(), a.GetData<float>().ToArray());
        }
        Assert.True(ours.Inputs[18]!.IsVariable && ours.Inputs[19]!.IsVariable);
        var (o, t) = (ours.GetOptions<UnidirectionalSequenceLstmOptions>(), tf.GetOptions<UnidirectionalSequenceLstmOptions>());
        Assert.Equal(t, o);
    }

    [Fact]
    public void Unrolled_lowering_in_LiteRT_matches_TFLite_Micro_on_TensorFlows_file()
    {
        var bytes = TfLiteWriter.Write(Import(RecurrentLowering.Unrolled));
        Assert.DoesNotContain(TfLiteReader.Read(bytes, "unrolled.tflite").Main.Tensors, t => t.IsVariable);
        foreach (var (input, shape, expected) in Goldens())
        {
            var result = OracleRunner.Run(bytes, [OracleTensor.Float32(shape, input)]);
            AssertClose(expected, result.Outputs[0].ToDoubles().ToArray());
        }
    }

    [Fact]
    public void Fused_lowering_in_our_interpreter_matches_TFLite_Micro_on_TensorFlows_file()
    {
        var interpreter = new Interpreter(TfLiteReader.Read(TfLiteWriter.Write(Import(RecurrentLowering.Fused)), "fused.tflite"));
        foreach (var (input, shape, expected) in Goldens())
        {
            interpreter.ResetState();
            interpreter.SetInput(0, input, shape);
            interpreter.Invoke();
            AssertClose(expected, interpreter.GetOutputArray<float>(0).Select(v => (double)v).ToArray());
        }
    }

    private static Operator Single(TfLiteGraph g) => Assert.Single(g.Main.Operators, o => o.Code == BuiltinOperator.UnidirectionalSequenceLstm);

    private static void AssertClose(double[] expected, double[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(actual[i] - expected[i]) <= Tolerance * Math.Max(1, Math.Abs(expected[i])),
                $"output {i}: {actual[i]} vs TFLite Micro's {expected[i]}");
    }

    /// <summary>The 4 cases of TFLite Micro's run of TF's LSTM.tflite: input, its shape, the float outputs.</summary>
    private static IEnumerable<(float[] Input, int[] Shape, double[] Expected)> Goldens()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(SharedData.Path("conformance", "tflm-goldens", "models__iesd-cnn-lstm-k2.10__LSTM.tflite.json")));
        var shape = doc.RootElement.GetProperty("inputs")[0].GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()).ToArray();
        var cases = doc.RootElement.GetProperty("cases").EnumerateArray().Select(c => (
            c.GetProperty("inputs")[0].EnumerateArray().Select(e => e.GetSingle()).ToArray(),
            shape,
            c.GetProperty("double")[0].EnumerateArray().Select(e => e.GetDouble()).ToArray())).ToList();
        Assert.Equal(4, cases.Count);
        return cases;
    }
}
