using TfLite.Core.Graph;
using TfLite.Core.Quantization;
using TfLite.Core.Serialization;
using TfLite.Core.Tests.Infrastructure;
using TfLite.Core.Tests.Quantization.Modes;
using Xunit;

namespace TfLite.Core.Tests.Quantization;

/// <summary>
/// The kernels against TensorFlow's own quantized files of the shared Keras models: every int8 weight, its scales,
/// and every int32 bias must come out bit for bit from the float weights.
/// </summary>
public class TensorFlowWeightBitsTests
{
    public static TheoryData<string, string, string> Files => new()
    {
        { "jhonatan-mnist-gap-k3.14h5", "model.h5", "model_int8.tflite" },
        { "jhonatan-mnist-gap-k3.14h5", "model.h5", "model.tflite" },
        { "kim-dogdet-dwcnn-k3.8h5", "tinyml_dog_model_2.h5", "dog_detect_quantized.tflite" },
        { "kim-dogdet-dwcnn-k3.8h5", "tinyml_dog_model_2.h5", "tinyml_dog_model_quantized.tflite" },
        { "jemimav-mnist-cnn-k2.10", "mnist_model.h5", "model_optimized.tflite" },
    };

    private static readonly BuiltinOperator[] WeightedOps = [BuiltinOperator.Conv2D, BuiltinOperator.DepthwiseConv2D, BuiltinOperator.FullyConnected];

    [Theory]
    [MemberData(nameof(Files))]
    public void Weights_and_biases_match_tensorflow_bit_for_bit(string folder, string keras, string tflite)
    {
        var ours = QuantizedModels.Float(folder, keras).Main.Operators.Where(o => WeightedOps.Contains(o.Code)).ToList();
        var tf = TfLiteReader.ReadFile(SharedData.Path("models", folder, tflite)).Main.Operators.Where(o => WeightedOps.Contains(o.Code)).ToList();
        Assert.Equal(tf.Select(o => o.Code), ours.Select(o => o.Code));
        int weightsChecked = 0, biasesChecked = 0;
        for (int k = 0; k < tf.Count; k++)
        {
            var tw = tf[k].Inputs[1]!;
            if (tw.Type != TensorType.Int8) continue;
            var fw = ours[k].Inputs[1]!;
            Assert.Equal(tw.Shape, fw.Shape);
            var q = tw.Quantization!;
            int? axis = q.Scale.Length > 1 ? q.QuantizedDimension : null;
            var scales = new float[q.Scale.Length];
            var values = new sbyte[fw.ElementCount];
            QuantizeKernels.QuantizeSymmetricWeights(fw.GetData<float>(), values, fw.Shape, axis, scales);
            Assert.Equal(q.Scale.Select(BitConverter.SingleToInt32Bits), scales.Select(BitConverter.SingleToInt32Bits));
            Assert.Equal(tw.GetData<sbyte>().ToArray(), values);
            weightsChecked++;

            if (tf[k].Inputs.Count < 3 || tf[k].Inputs[2] is not { Type: TensorType.Int32 } tb) continue;
            float inputScale = tf[k].Inputs[0]!.Quantization!.Scale[0];
            var biasScales = new float[scales.Length];
            QuantizationParameterChooser.BiasScales(inputScale, scales, biasScales);
            Assert.Equal(tb.Quantization!.Scale.Select(BitConverter.SingleToInt32Bits), biasScales.Select(BitConverter.SingleToInt32Bits));
            var bias = new int[tb.ElementCount];
            QuantizeKernels.QuantizeBias(ours[k].Inputs[2]!.GetData<float>(), bias, biasScales);
            Assert.Equal(tb.GetData<int>().ToArray(), bias);
            biasesChecked++;
        }
        Assert.True(weightsChecked > 0);
        Assert.True(biasesChecked > 0 || !tflite.Contains("int8") && !tflite.Contains("detect"), "no int32 bias checked");
    }
}
