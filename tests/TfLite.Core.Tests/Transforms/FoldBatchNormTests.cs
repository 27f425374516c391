using Xunit;
using TfLite.Core.Graph;
using TfLite.Core.Transforms;
using static TfLite.Core.Tests.Transforms.ReferenceKernels;

namespace TfLite.Core.Tests.Transforms;

public class FoldBatchNormTests
{
    private static readonly int[] InputShape = [1, 6, 5, 3];

    /// <summary>conv -> MUL(scale[C]) -> ADD(offset[C]) as the importer lowers Conv2D + BatchNormalization.</summary>
    private sealed class ConvBn
    {
        public readonly GraphBuilder G = new();
        public readonly Random Random = new(7);
        public readonly Tensor X, Weights, Output;
        public readonly Tensor? Bias;
        public readonly float[] Scale, Offset, WeightValues;
        public readonly float[]? BiasValues;
        public readonly Operator Conv;

        public ConvBn(bool withBias = true, ActivationFunction convActivation = ActivationFunction.None, ActivationFunction addActivation = ActivationFunction.None)
        {
            X = G.Input("x", InputShape);
            Weights = G.RandomConstant("w", Random, 4, 3, 2, 3);
            WeightValues = Weights.GetData<float>().ToArray();
            if (withBias)
            {
                Bias = G.RandomConstant("b", Random, 4);
                BiasValues = Bias.GetData<float>().ToArray();
            }
            var conv = G.Apply(BuiltinOperator.Conv2D, new Conv2DOptions { Padding = Padding.Valid, FusedActivation = convActivation }, [1, 4, 4, 4], X, Weights, Bias);
            Conv = G.Main.Operators[^1];
            Scale = GraphBuilder.RandomValues(Random, 4, 0.5f, 2f);
            Offset = GraphBuilder.RandomValues(Random, 4);
            var mul = G.Apply(BuiltinOperator.Mul, new MulOptions(), [1, 4, 4, 4], conv, G.Constant("scale", [4], Scale));
            Output = G.Apply(BuiltinOperator.Add, new AddOptions { FusedActivation = addActivation }, [1, 4, 4, 4], mul, G.Constant("offset", [4], Offset));
            G.Output(Output);
        }

        public float[] Expected(float[] x) => ScaleShift(Conv2D(x, InputShape, WeightValues, [4, 3, 2, 3], BiasValues, 1), Scale, Offset);
    }

    [Fact]
    public void Conv_mul_add_folds_into_the_convolution_and_computes_the_same()
    {
        var m = new ConvBn();
        Assert.True(new FoldBatchNorm().Run(m.G.Graph));

        var conv = Assert.Single(m.G.Main.Operators);
        Assert.Equal(BuiltinOperator.Conv2D, conv.Code);
        Assert.Same(m.Output, conv.Outputs[0]);
        Assert.Equal(ActivationFunction.None, conv.GetOptions<Conv2DOptions>().FusedActivation);
        Assert.DoesNotContain(m.G.Main.Tensors, t => t.Name is "scale" or "offset");
        Assert.Equal(4, m.G.Main.Tensors.Count); // x, w, b, output

        var x = GraphBuilder.RandomValues(m.Random, (int)Shape.ElementCount(InputShape));
        var folded = Conv2D(x, InputShape, conv.Inputs[1]!.GetData<float>().ToArray(), [4, 3, 2, 3], conv.Inputs[2]!.GetData<float>().ToArray(), 1);
        AssertClose(m.Expected(x), folded);
    }

    [Fact]
    public void Missing_bias_is_created_from_the_offset()
    {
        var m = new ConvBn(withBias: false);
        Assert.True(new FoldBatchNorm().Run(m.G.Graph));

        var conv = Assert.Single(m.G.Main.Operators);
        var bias = conv.Inputs[2]!;
        Assert.Equal([4], bias.Shape);
        Assert.Equal(m.Offset, bias.GetData<float>().ToArray());
        Assert.Contains(bias, m.G.Main.Tensors);
        var x = GraphBuilder.RandomValues(m.Random, (int)Shape.ElementCount(InputShape));
        AssertClose(m.Expected(x), Conv2D(x, InputShape, conv.Inputs[1]!.GetData<float>().ToArray(), [4, 3, 2, 3], bias.GetData<float>().ToArray(), 1));
    }

    [Fact]
    public void Weights_are_scaled_per_output_channel_along_dimension_0()
    {
        var m = new ConvBn();
        new FoldBatchNorm().Run(m.G.Graph);
        var w = m.G.Main.Operators[0].Inputs[1]!.GetData<float>();
        var perChannel = 3 * 2 * 3;
        for (var i = 0; i < w.Length; i++)
            Assert.Equal(m.WeightValues[i] * m.Scale[i / perChannel], w[i]);
        var b = m.G.Main.Operators[0].Inputs[2]!.GetData<float>();
        for (var c = 0; c < 4; c++)
            Assert.Equal(m.BiasValues![c] * m.Scale[c] + m.Offset[c], b[c]);
    }

    [Fact]
    public void The_activation_of_the_folded_add_moves_onto_the_convolution()
    {
        var m = new ConvBn(addActivation: ActivationFunction.Relu6);
        new FoldBatchNorm().Run(m.G.Graph);
        Assert.Equal(ActivationFunction.Relu6, Assert.Single(m.G.Main.Operators).GetOptions<Conv2DOptions>().FusedActivation);
    }

    [Fact]
    public void A_batch_norm_after_a_fused_relu_stays_mul_and_add()
    {
        // As TensorFlow leaves BatchNormalization after a ReLU convolution (iesd-afnet's .tflite keeps MUL, ADD).
        var m = new ConvBn(convActivation: ActivationFunction.Relu);
        Assert.False(new FoldBatchNorm().Run(m.G.Graph));
        Assert.Equal([BuiltinOperator.Conv2D, BuiltinOperator.Mul, BuiltinOperator.Add], m.G.Codes);
        Assert.Equal(m.WeightValues, m.Weights.GetData<float>().ToArray());
    }

    [Fact]
    public void A_convolution_output_read_elsewhere_is_not_folded()
    {
        var m = new ConvBn();
        var convOut = m.Conv.Outputs[0];
        m.G.Apply(BuiltinOperator.Relu, null, [1, 4, 4, 4], convOut);
        Assert.False(new FoldBatchNorm().Run(m.G.Graph));
        Assert.Equal(4, m.G.Main.Operators.Count);
    }

    [Fact]
    public void A_convolution_output_that_is_a_graph_output_is_not_folded()
    {
        var m = new ConvBn();
        m.G.Output(m.Conv.Outputs[0]);
        Assert.False(new FoldBatchNorm().Run(m.G.Graph));
    }

    [Fact]
    public void A_signature_output_counts_as_a_graph_output()
    {
        var m = new ConvBn();
        var sig = new SignatureDef();
        sig.Outputs.Add(KeyValuePair.Create("pre_bn", m.Conv.Outputs[0]));
        m.G.Graph.SignatureDefs.Add(sig);
        Assert.False(new FoldBatchNorm().Run(m.G.Graph));
    }

    [Fact]
    public void Shared_weights_are_copied_not_changed_under_the_other_reader()
    {
        var m = new ConvBn();
        var other = m.G.Apply(BuiltinOperator.Conv2D, new Conv2DOptions { Padding = Padding.Valid }, [1, 4, 4, 4], m.X, m.Weights, m.Bias);
        m.G.Output(other);
        Assert.True(new FoldBatchNorm().Run(m.G.Graph));

        Assert.Equal(m.WeightValues, m.Weights.GetData<float>().ToArray());
        Assert.Equal(m.BiasValues, m.Bias!.GetData<float>().ToArray());
        Assert.Same(m.Weights, m.G.Main.Operators[1].Inputs[1]);
        Assert.NotSame(m.Weights, m.G.Main.Operators[0].Inputs[1]);
        Assert.Contains(m.G.Main.Operators[0].Inputs[1], m.G.Main.Tensors);
    }

    [Fact]
    public void A_constant_varying_along_other_axes_is_not_folded()
    {
        var g = new GraphBuilder();
        var x = g.Input("x", 1, 4);
        var fc = g.Apply(BuiltinOperator.FullyConnected, new FullyConnectedOptions(), [2, 3], x, g.Constant("w", [3, 4], new float[12]), null);
        g.Output(g.Apply(BuiltinOperator.Mul, new MulOptions(), [2, 3], fc, g.Constant("c", [2, 1], 2f, 3f)));
        Assert.False(new FoldBatchNorm().Run(g.Graph));
    }

    [Fact]
    public void Division_by_a_zero_channel_is_not_folded()
    {
        var g = new GraphBuilder();
        var x = g.Input("x", 1, 4);
        var fc = g.Apply(BuiltinOperator.FullyConnected, new FullyConnectedOptions(), [1, 2], x, g.Constant("w", [2, 4], new float[8]), null);
        g.Output(g.Apply(BuiltinOperator.Div, new DivOptions(), [1, 2], fc, g.Constant("c", [2], 2f, 0f)));
        Assert.False(new FoldBatchNorm().Run(g.Graph));
    }

    [Fact]
    public void Depthwise_convolution_scales_along_the_last_weight_axis()
    {
        var g = new GraphBuilder();
        var random = new Random(3);
        int[] xs = [1, 5, 4, 2];
        var x = g.Input("x", xs);
        var w = g.RandomConstant("w", random, 1, 3, 3, 4);
        var b = g.RandomConstant("b", random, 4);
        var (wv, bv) = (w.GetData<float>().ToArray(), b.GetData<float>().ToArray());
        var dw = g.Apply(BuiltinOperator.DepthwiseConv2D, new DepthwiseConv2DOptions { Padding = Padding.Valid, DepthMultiplier = 2 }, [1, 3, 2, 4], x, w, b);
        var scale = GraphBuilder.RandomValues(random, 4, 0.5f, 2f);
        var offset = GraphBuilder.RandomValues(random, 4);
        var mul = g.Apply(BuiltinOperator.Mul, new MulOptions(), [1, 3, 2, 4], g.Constant("s", [1, 1, 1, 4], scale), dw);
        g.Output(g.Apply(BuiltinOperator.Add, new AddOptions(), [1, 3, 2, 4], mul, g.Constant("o", [4], offset)));

        Assert.True(new FoldBatchNorm().Run(g.Graph));

        var op = Assert.Single(g.Main.Operators);
        var input = GraphBuilder.RandomValues(random, (int)Shape.ElementCount(xs));
        var expected = ScaleShift(DepthwiseConv2D(input, xs, wv, [1, 3, 3, 4], bv, 2), scale, offset);
        AssertClose(expected, DepthwiseConv2D(input, xs, op.Inputs[1]!.GetData<float>().ToArray(), [1, 3, 3, 4], op.Inputs[2]!.GetData<float>().ToArray(), 2));
    }

    [Fact]
    public void Fully_connected_folds_scale_and_offset()
    {
        var random = new Random(5);
        var (g, wv, fc) = FullyConnectedGraph(random, 6, 3);
        var scale = GraphBuilder.RandomValues(random, 3, 0.5f, 2f);
        var offset = GraphBuilder.RandomValues(random, 3);
        var mul = g.Apply(BuiltinOperator.Mul, new MulOptions(), [2, 3], fc, g.Constant("s", [3], scale));
        g.Output(g.Apply(BuiltinOperator.Add, new AddOptions(), [2, 3], mul, g.Constant("o", [3], offset)));

        Assert.True(new FoldBatchNorm().Run(g.Graph));

        var op = Assert.Single(g.Main.Operators);
        var input = GraphBuilder.RandomValues(random, 12);
        AssertClose(ScaleShift(FullyConnected(input, 2, wv, [3, 6], null), scale, offset),
            FullyConnected(input, 2, op.Inputs[1]!.GetData<float>().ToArray(), [3, 6], op.Inputs[2]!.GetData<float>().ToArray()));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Division_by_a_per_channel_constant_divides_each_output_row_exactly(bool constantsUnshared)
    {
        var random = new Random(9);
        var (g, wv, fc) = FullyConnectedGraph(random, 21, 19);
        var divisor = GraphBuilder.RandomValues(random, 19, 0.5f, 3f);
        g.Output(g.Apply(BuiltinOperator.Div, new DivOptions(), [2, 19], fc, g.Constant("d", [19], divisor)));

        Assert.True(new FoldBatchNorm(constantsUnshared).Run(g.Graph));

        var folded = Assert.Single(g.Main.Operators).Inputs[1]!.GetData<float>().ToArray();
        var expected = new float[wv.Length];
        for (var o = 0; o < 19; o++)
        for (var i = 0; i < 21; i++)
            expected[o * 21 + i] = wv[o * 21 + i] / divisor[o];
        Assert.Equal(expected, folded);
    }

    [Fact]
    public void Transpose_conv_folds_into_weights_and_an_appended_bias()
    {
        var g = new GraphBuilder();
        var random = new Random(9);
        int[] xs = [1, 3, 3, 2];
        var x = g.Input("x", xs);
        var w = g.RandomConstant("w", random, 4, 2, 2, 2);
        var wv = w.GetData<float>().ToArray();
        var tc = g.Apply(BuiltinOperator.TransposeConv, new TransposeConvOptions { Padding = Padding.Valid, StrideH = 2, StrideW = 2 }, [1, 6, 6, 4],
            g.IntConstant("output_shape", [4], 1, 6, 6, 4), w, x);
        var scale = GraphBuilder.RandomValues(random, 4, 0.5f, 2f);
        var offset = GraphBuilder.RandomValues(random, 4);
        var mul = g.Apply(BuiltinOperator.Mul, new MulOptions(), [1, 6, 6, 4], tc, g.Constant("s", [4], scale));
        g.Output(g.Apply(BuiltinOperator.Add, new AddOptions(), [1, 6, 6, 4], mul, g.Constant("o", [4], offset)));

        Assert.True(new FoldBatchNorm().Run(g.Graph));

        var op = Assert.Single(g.Main.Operators);
        Assert.Equal(4, op.Inputs.Count);
        var input = GraphBuilder.RandomValues(random, (int)Shape.ElementCount(xs));
        AssertClose(ScaleShift(TransposeConv(input, xs, wv, [4, 2, 2, 2], null, 2), scale, offset),
            TransposeConv(input, xs, op.Inputs[1]!.GetData<float>().ToArray(), [4, 2, 2, 2], op.Inputs[3]!.GetData<float>().ToArray(), 2));
    }

    [Fact]
    public void A_standalone_add_and_a_scalar_sub_fold_into_the_bias()
    {
        var g = new GraphBuilder();
        var x = g.Input("x", 1, 2);
        var fc = g.Apply(BuiltinOperator.FullyConnected, new FullyConnectedOptions(), [1, 2], x, g.Constant("w", [2, 2], 1, 2, 3, 4), g.Constant("b", [2], 10, 20));
        var add = g.Apply(BuiltinOperator.Add, new AddOptions(), [1, 2], g.Constant("c", [2], 1, 2), fc);
        g.Output(g.Apply(BuiltinOperator.Sub, new SubOptions(), [1, 2], add, g.Constant("d", [], 0.5f)));

        Assert.True(new FoldBatchNorm().Run(g.Graph));

        var op = Assert.Single(g.Main.Operators);
        Assert.Equal([10.5f, 21.5f], op.Inputs[2]!.GetData<float>().ToArray());
        Assert.Equal([1f, 2, 3, 4], op.Inputs[1]!.GetData<float>().ToArray());
    }

    [Fact]
    public void A_mul_after_an_operator_without_weights_is_left_alone()
    {
        var g = new GraphBuilder();
        var x = g.Input("x", 1, 4, 4, 2);
        var pool = g.Apply(BuiltinOperator.MaxPool2D, new Pool2DOptions { FilterHeight = 2, FilterWidth = 2, StrideH = 2, StrideW = 2 }, [1, 2, 2, 2], x);
        g.Output(g.Apply(BuiltinOperator.Mul, new MulOptions(), [1, 2, 2, 2], pool, g.Constant("s", [2], 2, 3)));
        Assert.False(new FoldBatchNorm().Run(g.Graph));
    }

    [Fact]
    public void Weights_without_output_channels_are_left_alone()
    {
        var g = new GraphBuilder();
        var x = g.Input("x", 1, 4);
        var fc = g.Apply(BuiltinOperator.FullyConnected, new FullyConnectedOptions(), [1, 0], x, g.Constant("w", [0, 4]), null);
        g.Output(g.Apply(BuiltinOperator.Mul, new MulOptions(), [1, 0], fc, g.Constant("c", [], 2)));
        Assert.False(new FoldBatchNorm().Run(g.Graph));
    }

    /// <summary>FULLY_CONNECTED of a [2, inputs] input with random weights [units, inputs] and no bias.</summary>
    private static (GraphBuilder G, float[] Weights, Tensor Output) FullyConnectedGraph(Random random, int inputs, int units)
    {
        var g = new GraphBuilder();
        var w = g.RandomConstant("w", random, units, inputs);
        var fc = g.Apply(BuiltinOperator.FullyConnected, new FullyConnectedOptions(), [2, units], g.Input("x", 2, inputs), w, null);
        return (g, w.GetData<float>().ToArray(), fc);
    }

    [Fact]
    public void Unshared_weights_are_scaled_in_their_own_array()
    {
        var m = new ConvBn();
        var array = m.Weights.Data;
        Assert.True(new FoldBatchNorm(constantsUnshared: true).Run(m.G.Graph));

        var conv = Assert.Single(m.G.Main.Operators);
        Assert.Same(array, conv.Inputs[1]!.Data);
        var x = GraphBuilder.RandomValues(m.Random, (int)Shape.ElementCount(InputShape));
        AssertClose(m.Expected(x), Conv2D(x, InputShape, conv.Inputs[1]!.GetData<float>().ToArray(), [4, 3, 2, 3], conv.Inputs[2]!.GetData<float>().ToArray(), 1));
    }

    [Fact]
    public void Weights_whose_array_another_tensor_holds_are_scaled_into_a_new_one()
    {
        var m = new ConvBn();
        var other = m.G.Main.AddTensor(new Tensor("alias", TensorType.Float32, [4, 3, 2, 3]) { Data = m.Weights.Data });
        Assert.True(new FoldBatchNorm(constantsUnshared: true).Run(m.G.Graph));

        var conv = Assert.Single(m.G.Main.Operators);
        Assert.NotSame(other.Data, conv.Inputs[1]!.Data);
        Assert.Equal(m.WeightValues, other.GetData<float>().ToArray());
    }

    [Fact]
    public void Without_the_unshared_promise_the_weights_array_is_left_as_it_was()
    {
        var m = new ConvBn();
        var array = m.Weights.Data!;
        Assert.True(new FoldBatchNorm().Run(m.G.Graph));

        Assert.NotSame(array, Assert.Single(m.G.Main.Operators).Inputs[1]!.Data);
        Assert.Equal(m.WeightValues, System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(array).ToArray());
    }
}
