using TfLite.Core.Tests.TensorFlow.Infrastructure;
using static TfLite.Core.Tests.TensorFlow.Infrastructure.TfGraphBuilder;

/// <summary>
/// Writes a frozen TF1 quantization-aware eval graph, laid out as <c>tf.contrib.quantize.create_eval_graph</c> and
/// <c>convert_variables_to_constants</c> leave it: FakeQuant on the weights (narrow range) and after each activation,
/// with the learned min/max frozen into constants, inside <c>quantize/</c>-style scopes:
/// input [1, 8, 8, 1] -> Conv2D 3x3 (4 filters) + BiasAdd -> Relu -> MaxPool 2x2 -> Reshape [1, 64] -> MatMul (3) +
/// BiasAdd -> logits.
/// </summary>
internal static class FakeQuantGraph
{
    public static void Write(string path)
    {
        var g = new TfGraphBuilder();
        g.Placeholder("input", [1, 8, 8, 1]);
        g.Const("conv/weights", Random(3 * 3 * 1 * 4, seed: 11, scale: 0.5f), 3, 3, 1, 4);
        var convWeights = g.FakeQuant("conv/weights_quant", "conv/weights", -0.5f, 0.5f, narrowRange: true);
        g.Conv2D("conv/Conv2D", "input", convWeights);
        g.Const("conv/biases", Random(4, seed: 12, scale: 0.1f), 4);
        g.BiasAdd("conv/BiasAdd", "conv/Conv2D", "conv/biases");
        g.FloatOp("Relu", "conv/Relu", ["conv/BiasAdd"]);
        var act = g.FakeQuant("conv/act_quant", "conv/Relu", 0f, 6f);
        g.Pool("MaxPool", "pool/MaxPool", act, size: 2, stride: 2);
        g.IntConst("flatten/shape", [1, 64], 2);
        g.Op("Reshape", "flatten/Reshape", ["pool/MaxPool", "flatten/shape"], ("T", Type()), ("Tshape", Type(TfLite.Core.TensorFlow.Protos.DataType.DtInt32)));
        g.Const("fc/weights", Random(64 * 3, seed: 13, scale: 0.3f), 64, 3);
        var fcWeights = g.FakeQuant("fc/weights_quant", "fc/weights", -0.3f, 0.3f, narrowRange: true);
        g.MatMul("fc/MatMul", "flatten/Reshape", fcWeights);
        g.Const("fc/biases", Random(3, seed: 14, scale: 0.1f), 3);
        g.BiasAdd("fc/BiasAdd", "fc/MatMul", "fc/biases");
        var logits = g.FakeQuant("fc/act_quant", "fc/BiasAdd", -4f, 4f);
        g.FloatOp("Identity", "logits", [logits]);
        g.Write(path);
    }
}
