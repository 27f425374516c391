using TfLite.Core.TensorFlow.Protos;

namespace TfLite.Core.Tests.TensorFlow.Infrastructure;

/// <summary>
/// The model of TensorFlow 1's quantization-aware training guide (<c>tf.contrib.quantize</c>), frozen as
/// <c>create_eval_graph</c> followed by <c>convert_variables_to_constants</c> leaves it, node for node:
/// <list type="number">
/// <item><c>input</c> [1, 8, 8, 3], uint8 pixel values fed as float (quantized_input_stats mean 0, std 1).</item>
/// <item><c>conv1</c>: 3x3 stride 2 convolution with an unfused batch norm (<c>conv1/BatchNorm/batchnorm/*</c>:
/// Rsqrt(moving_variance + eps) * gamma, then beta - moving_mean * mul), folded the way fold_batch_norms does it:
/// <c>conv1/mul_fold</c> = weights * batchnorm/mul feeds <c>conv1/weights_quant/FakeQuantWithMinMaxVars</c>
/// (narrow range), which feeds <c>conv1/Conv2D_Fold</c>; <c>conv1/add_fold</c> adds batchnorm/sub; then
/// <c>conv1/Relu</c> and <c>conv1/act_quant/FakeQuantWithMinMaxVars</c>.</item>
/// <item><c>dropout/Identity</c>: dropout in an eval graph.</item>
/// <item><c>ResizeBilinear</c> to twice the size, computed at run time: Shape -> strided_slice [1:3] -> mul 2.</item>
/// <item><c>conv2</c>: 1x1 convolution with weights_quant, BiasAdd and act_quant.</item>
/// <item>Optionally <c>Maximum</c>(out, -1e27), the trick that makes the last FakeQuant's range reach the output.</item>
/// </list>
/// Every variable is frozen to a Const read through its <c>/read</c> Identity, the FakeQuant min/max variables too.
/// The values are public so that tests can evaluate the same graph with plain math.
/// </summary>
public static class QatGuideGraph
{
    /// <summary>The input's shape.</summary>
    public static readonly int[] InputShape = [1, 8, 8, 3];

    /// <summary>conv1's weights (HWIO [3, 3, 3, 4]) before folding.</summary>
    public static readonly float[] Conv1Weights = TfGraphBuilder.Random(3 * 3 * 3 * 4, seed: 31, scale: 0.02f);

    /// <summary>The batch norm's gamma, beta, moving mean and moving variance, and its epsilon.</summary>
    public static readonly float[] Gamma = [1.2f, 0.8f, 1.5f, 0.6f], Beta = [0.3f, -0.2f, 0.5f, 0.1f],
        MovingMean = [0.5f, -1f, 2f, 0.2f], MovingVariance = [30f, 12f, 45f, 20f];

    /// <summary>The batch norm's epsilon.</summary>
    public const float Epsilon = 0.001f;

    /// <summary>conv1's activation range, as training left it in act_quant/min and max.</summary>
    public static readonly (float Min, float Max) Conv1ActRange = (0f, 3.6f);

    /// <summary>conv2's weights (HWIO [1, 1, 4, 2]) and biases.</summary>
    public static readonly float[] Conv2Weights = [0.9f, -0.4f, -0.7f, 0.5f, 0.3f, 0.8f, -0.2f, -0.6f], Conv2Biases = [0.25f, -0.1f];

    /// <summary>The output's range (conv2's act_quant).</summary>
    public static readonly (float Min, float Max) OutputRange = (-2.3f, 2.9f);

    /// <summary>The input node.</summary>
    public const string Input = "input";

    /// <summary>The last FakeQuant, conv2's act_quant.</summary>
    public const string LastFakeQuant = "conv2/act_quant/FakeQuantWithMinMaxVars";

    /// <summary>The output node: <see cref="LastFakeQuant"/>, or the Maximum after it.</summary>
    public static string Output(bool maximumTrick) => maximumTrick ? "Maximum" : LastFakeQuant;

    /// <summary>batchnorm/mul as TensorFlow computes it in float32: gamma * rsqrt(moving_variance + epsilon).</summary>
    public static float[] BatchNormMultiplier() =>
        [.. Gamma.Select((g, c) => 1f / MathF.Sqrt(MovingVariance[c] + Epsilon) * g)];

    /// <summary>conv1/mul_fold: the weights times the batch norm's multiplier on the output channel.</summary>
    public static float[] FoldedConv1Weights()
    {
        var mul = BatchNormMultiplier();
        return [.. Conv1Weights.Select((w, i) => w * mul[i % mul.Length])];
    }

    /// <summary>The frozen GraphDef.</summary>
    public static TfGraphBuilder Build(bool maximumTrick)
    {
        var g = new TfGraphBuilder();
        g.Placeholder(Input, InputShape);

        // conv1 with its batch norm folded and quantized.
        var weights = Variable(g, "conv1/weights", Conv1Weights, 3, 3, 3, 4);
        var gamma = Variable(g, "conv1/BatchNorm/gamma", Gamma, 4);
        var beta = Variable(g, "conv1/BatchNorm/beta", Beta, 4);
        var mean = Variable(g, "conv1/BatchNorm/moving_mean", MovingMean, 4);
        var variance = Variable(g, "conv1/BatchNorm/moving_variance", MovingVariance, 4);
        const string bn = "conv1/BatchNorm/batchnorm";
        g.Scalar($"{bn}/add/y", Epsilon);
        g.FloatOp("Add", $"{bn}/add", [variance, $"{bn}/add/y"]);
        g.FloatOp("Rsqrt", $"{bn}/Rsqrt", [$"{bn}/add"]);
        g.FloatOp("Mul", $"{bn}/mul", [$"{bn}/Rsqrt", gamma]);
        g.FloatOp("Mul", $"{bn}/mul_2", [mean, $"{bn}/mul"]);
        g.FloatOp("Sub", $"{bn}/sub", [beta, $"{bn}/mul_2"]);
        g.FloatOp("Mul", "conv1/mul_fold", [weights, $"{bn}/mul"]);
        // The weights' range is the last min and max of the folded weights (create_eval_graph's non-EMA weights_quant).
        var folded = FoldedConv1Weights();
        var quantizedWeights = FakeQuant(g, "conv1/weights_quant", "conv1/mul_fold", folded.Min(), folded.Max(), narrowRange: true);
        g.Conv2D("conv1/Conv2D_Fold", Input, quantizedWeights, stride: 2);
        g.FloatOp("Add", "conv1/add_fold", ["conv1/Conv2D_Fold", $"{bn}/sub"]);
        g.FloatOp("Relu", "conv1/Relu", ["conv1/add_fold"]);
        var conv1 = FakeQuant(g, "conv1/act_quant", "conv1/Relu", Conv1ActRange.Min, Conv1ActRange.Max, narrowRange: false);

        g.FloatOp("Identity", "dropout/Identity", [conv1]);

        // tf.image.resize_bilinear(x, tf.shape(x)[1:3] * 2)
        g.Op("Shape", "Shape", ["dropout/Identity"], ("T", TfGraphBuilder.Type()), ("out_type", TfGraphBuilder.Type(DataType.DtInt32)));
        g.IntConst("strided_slice/stack", [1], 1);
        g.IntConst("strided_slice/stack_1", [3], 1);
        g.IntConst("strided_slice/stack_2", [1], 1);
        g.Op("StridedSlice", "strided_slice", ["Shape", "strided_slice/stack", "strided_slice/stack_1", "strided_slice/stack_2"],
            ("T", TfGraphBuilder.Type(DataType.DtInt32)), ("Index", TfGraphBuilder.Type(DataType.DtInt32)),
            ("begin_mask", TfGraphBuilder.Int(0)), ("end_mask", TfGraphBuilder.Int(0)), ("ellipsis_mask", TfGraphBuilder.Int(0)),
            ("new_axis_mask", TfGraphBuilder.Int(0)), ("shrink_axis_mask", TfGraphBuilder.Int(0)));
        g.IntConst("mul/y", [2]);
        g.Op("Mul", "mul", ["strided_slice", "mul/y"], ("T", TfGraphBuilder.Type(DataType.DtInt32)));
        g.FloatOp("ResizeBilinear", "ResizeBilinear", ["dropout/Identity", "mul"],
            ("align_corners", TfGraphBuilder.Bool(false)), ("half_pixel_centers", TfGraphBuilder.Bool(false)));

        // conv2: 1x1 with bias, quantized weights and output.
        var weights2 = Variable(g, "conv2/weights", Conv2Weights, 1, 1, 4, 2);
        var quantizedWeights2 = FakeQuant(g, "conv2/weights_quant", weights2, Conv2Weights.Min(), Conv2Weights.Max(), narrowRange: true);
        g.Conv2D("conv2/Conv2D", "ResizeBilinear", quantizedWeights2);
        var biases = Variable(g, "conv2/biases", Conv2Biases, 2);
        g.BiasAdd("conv2/BiasAdd", "conv2/Conv2D", biases);
        var output = FakeQuant(g, "conv2/act_quant", "conv2/BiasAdd", OutputRange.Min, OutputRange.Max, narrowRange: false);

        if (maximumTrick)
        {
            g.Scalar("Maximum/y", -1e27f);
            g.FloatOp("Maximum", "Maximum", [output, "Maximum/y"]);
        }
        return g;
    }

    /// <summary>Writes the frozen GraphDef to <paramref name="path"/>.</summary>
    public static void Write(string path, bool maximumTrick) => Build(maximumTrick).Write(path);

    // A frozen variable: its value in a Const and the Identity that reads it.
    private static string Variable(TfGraphBuilder g, string name, float[] values, params int[] shape)
    {
        g.Const(name, values, shape);
        return g.FloatOp("Identity", $"{name}/read", [name]);
    }

    // FakeQuantWithMinMaxVars whose min and max variables were frozen, as the quantize rewrite names them.
    private static string FakeQuant(TfGraphBuilder g, string scope, string input, float min, float max, bool narrowRange)
    {
        var minRead = Variable(g, $"{scope}/min", [min]);
        var maxRead = Variable(g, $"{scope}/max", [max]);
        return g.Op("FakeQuantWithMinMaxVars", $"{scope}/FakeQuantWithMinMaxVars", [input, minRead, maxRead],
            ("num_bits", TfGraphBuilder.Int(8)), ("narrow_range", TfGraphBuilder.Bool(narrowRange)));
    }
}
