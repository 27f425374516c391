using System.Runtime.InteropServices;
using TfLite.Core.Keras;
using TfLite.Core.Tests.Infrastructure;
using Xunit;

namespace TfLite.Core.Tests.Keras.Files;

/// <summary>
/// Checks weight values against an independent truth: the float <c>.tflite</c> that TensorFlow converted from the same
/// Keras file stores each unfolded weight verbatim, only laid out the TFLite way (FULLY_CONNECTED weights
/// [out, in], CONV_2D filters OHWI). The bytes of every weight, so rearranged, must occur in the flatbuffer.
/// </summary>
public sealed class TfLiteWeightEvidenceTests
{
    [Theory]
    [InlineData("assachan-sine-mlp-k3.13h5", "sine_model.h5", "sine_model.tflite", "dense,dense_1,dense_2")]
    [InlineData("jemimav-mnist-cnn-k2.10", "mnist_model.h5", "model.tflite", "conv2d,conv2d_1,dense,dense_1")]
    [InlineData("jhonatan-mnist-gap-k3.14h5", "model.h5", "model_base.tflite", "conv2d_bloco1,conv2d_bloco2,dense_classificador,output_softmax")]
    [InlineData("tm-inspectorsally-mobilenetv2-k2.4", "keras_model.h5", "model_unquant.tflite", "sequential_11/dense_Dense5,sequential_11/dense_Dense6")]
    public void Weights_occur_verbatim_in_TensorFlows_own_conversion(string slug, string kerasFile, string tfliteFile, string layers)
    {
        var flatbuffer = File.ReadAllBytes(SharedData.Path("models", slug, tfliteFile));
        using var file = KerasModelFile.Open(SharedData.Path("models", slug, kerasFile));

        var checkedWeights = 0;
        foreach (var layer in layers.Split(','))
        {
            var weights = file.GetWeights(layer.Split('/'));
            Assert.NotEmpty(weights);
            foreach (var weight in weights.Where(w => w.Values.Length >= 2))
            {
                var bytes = MemoryMarshal.AsBytes(InTfLiteLayout(weight).AsSpan());
                Assert.True(flatbuffer.AsSpan().IndexOf(bytes) >= 0,
                    $"{layer}/{weight.Name} [{string.Join(",", weight.Shape)}] does not occur in {tfliteFile}");
                checkedWeights++;
            }
        }
        Assert.True(checkedWeights >= 3);
    }

    // Plain reference transposes: Dense [in, out] -> [out, in]; Conv2D HWIO -> OHWI.
    private static float[] InTfLiteLayout(KerasWeight weight)
    {
        var s = weight.Shape;
        var v = weight.Values;
        switch (s.Length)
        {
            case 2:
            {
                var t = new float[v.Length];
                for (var i = 0; i < s[0]; i++)
                for (var o = 0; o < s[1]; o++)
                    t[o * s[0] + i] = v[i * s[1] + o];
                return t;
            }
            case 4:
            {
                var (h, w, c, n) = (s[0], s[1], s[2], s[3]);
                var t = new float[v.Length];
                for (var y = 0; y < h; y++)
                for (var x = 0; x < w; x++)
                for (var i = 0; i < c; i++)
                for (var o = 0; o < n; o++)
                    t[((o * h + y) * w + x) * c + i] = v[((y * w + x) * c + i) * n + o];
                return t;
            }
            default:
                return v;
        }
    }
}
