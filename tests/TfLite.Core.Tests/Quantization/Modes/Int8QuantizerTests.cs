using System.Globalization;
using TfLite.Core.Graph;
using TfLite.Core.Quantization;
using TfLite.Core.Serialization;
using TfLite.Core.Tests.Infrastructure;
using Xunit;

namespace TfLite.Core.Tests.Quantization.Modes;

public sealed class Int8QuantizerTests
{
    private static QuantizationOptions Int8(TfLiteGraph g, string seed, bool perChannel = false, TensorType io = TensorType.Float32) => new()
    {
        Mode = QuantizationMode.Int8,
        PerChannel = perChannel,
        InputType = io,
        OutputType = io,
        Ranges = TestCalibration.Ranges(g, TestCalibration.Samples(g, seed, 50)),
    };

    /// <summary>TensorFlow's int8 files. <c>folded</c>: the model has batch normalization, which TensorFlow folds into
    /// the weights with its own float arithmetic, so folded weights (and their scales) may differ by one float ulp
    /// and the quantized values by one step; without it everything is bit-exact.</summary>
    public static TheoryData<string, string, string, bool, TensorType, bool> TensorFlowFiles => new()
    {
        { "jhonatan-mnist-gap-k3.14h5", "model.h5", "model_int8.tflite", true, TensorType.Float32, false },
        { "kurt-openhand-cnn-k2.14", "open_hand_model.h5", "open_hand_model_int8.tflite", false, TensorType.Int8, false },
        { "kim-dogdet-mobilenet-k3.8h5", "tinyml_mobilenet_dog_detector.h5", "tinyml_mobilenet_dog_detector_int8.tflite", true, TensorType.Int8, true },
        { "kim-dogdet-mobilenet-k3.8h5", "tinyml_mobilenet_dog_detector.h5", "tinyml_mobilenet_dog_detector_quantized.tflite", true, TensorType.UInt8, true },
    };

    [Theory]
    [MemberData(nameof(TensorFlowFiles))]
    public void Lays_out_the_model_as_tensorflow_with_the_same_weight_bits(string folder, string keras, string tflite, bool perChannel, TensorType io, bool folded)
    {
        var g = QuantizedModels.Float(folder, keras);
        var ours = ModelQuantizer.Quantize(g, Int8(g, folder, perChannel, io));
        var tf = TfLiteReader.ReadFile(SharedData.Path("models", folder, tflite));

        Assert.Equal(QuantizedModels.Histogram(tf), QuantizedModels.Histogram(ours));
        if (!folded) Assert.Equal(Weights(tf), Weights(ours));
        AssertSameWeightsInOperatorOrder(tf, ours, folded ? 1 : 0);
        Assert.Equal(tf.Inputs[0].Type, ours.Inputs[0].Type);
        Assert.Equal(tf.Outputs[0].Type, ours.Outputs[0].Type);
        // The last operator's fixed output parameters (SOFTMAX or LOGISTIC), as TensorFlow's.
        var last = Params(ours.Outputs[0].Type == TensorType.Float32 ? ours.Main.ProducerOf(ours.Outputs[0])!.Inputs[0]! : ours.Outputs[0]);
        var tfLast = Params(tf.Outputs[0].Type == TensorType.Float32 ? tf.Main.ProducerOf(tf.Outputs[0])!.Inputs[0]! : tf.Outputs[0]);
        Assert.Equal(tfLast, last);
        var written = TfLiteReader.Read(TfLiteWriter.Write(ours));
        Assert.Equal(OpVersions(tf), OpVersions(written));
    }

    private static void AssertSameWeightsInOperatorOrder(TfLiteGraph tf, TfLiteGraph ours, int steps)
    {
        static List<Tensor> Int8Constants(TfLiteGraph g) =>
            g.Main.Operators.SelectMany(o => o.Inputs).OfType<Tensor>().Where(t => t is { IsConstant: true, Type: TensorType.Int8 }).ToList();
        var expected = Int8Constants(tf);
        var actual = Int8Constants(ours);
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].Shape, actual[i].Shape);
            Assert.Equal(expected[i].Quantization!.QuantizedDimension, actual[i].Quantization!.QuantizedDimension);
            var es = expected[i].Quantization!.Scale;
            var @as = actual[i].Quantization!.Scale;
            Assert.Equal(es.Length, @as.Length);
            for (var c = 0; c < es.Length; c++) Assert.InRange(Math.Abs(@as[c] - es[c]), 0, es[c] * 1e-6);
            var ev = expected[i].GetData<sbyte>();
            var av = actual[i].GetData<sbyte>();
            for (var k = 0; k < ev.Length; k++) Assert.InRange(av[k] - ev[k], -steps, steps);
        }
    }

    private static string Params(Tensor t) => string.Create(CultureInfo.InvariantCulture, $"{t.Type} {t.Quantization!.Scale[0]:R} {t.Quantization.ZeroPoint[0]}");

    private static List<string> Weights(TfLiteGraph g) => QuantizedModels.OfType(g, TensorType.Int8).Where(t => t.IsConstant)
        .Select(t => string.Create(CultureInfo.InvariantCulture,
            $"{string.Join("x", t.Shape)} d{t.Quantization!.QuantizedDimension} s[{string.Join(",", t.Quantization.Scale.Select(BitConverter.SingleToInt32Bits))}] {Convert.ToHexString(t.Data!)}"))
        .Order(StringComparer.Ordinal).ToList();

    private static List<string> OpVersions(TfLiteGraph g) => g.Main.Operators.Select(o => $"{o.Code} v{o.Version}").Distinct().Order(StringComparer.Ordinal).ToList();
}
