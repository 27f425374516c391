using TfLite.Core.Tests.Infrastructure.KerasReference;
using Xunit;
using static TfLite.Core.Tests.Conformance.Reference.RefModelBuilder;

namespace TfLite.Core.Tests.Conformance.Reference;

/// <summary>The reference evaluator on cases small enough to compute by hand.</summary>
public sealed class KerasReferenceLayerTests
{
    private static void Near(double[] expected, RefTensor actual, double tol = 1e-12)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual.Data[i]) <= tol, $"[{i}] expected {expected[i]}, got {actual.Data[i]}");
    }

    private static float[] Ones(int n) => Enumerable.Repeat(1f, n).ToArray();

    private static double[] Range(int n, double start = 0) => Enumerable.Range(0, n).Select(i => start + i).ToArray();

    [Fact]
    public void Dense_multiplies_adds_bias_and_activates()
    {
        var b = new RefModelBuilder().With("d", ([2, 2], [1, 2, 3, 4]), ([2], [0.5f, -20]));
        var m = b.Build(Sequential("2", Layer("Dense", "d", "\"units\":2,\"activation\":\"relu\"")));
        Near([7.5, 0], Run(m, [1, 2], 1, 2));
    }

    [Fact]
    public void Dense_applies_to_the_last_axis_of_a_3d_input()
    {
        var b = new RefModelBuilder().With("d", ([2, 1], [1, 10]));
        var m = b.Build(Sequential("2,2", Layer("Dense", "d", "\"units\":1,\"use_bias\":false")));
        Near([21, 43], Run(m, [1, 2, 2], 1, 2, 3, 4));
    }

    [Fact]
    public void Conv2D_same_padding_counts_the_overlap_at_the_edges()
    {
        var b = new RefModelBuilder().With("c", ([3, 3, 1, 1], Ones(9)));
        var m = b.Build(Sequential("3,3,1", Layer("Conv2D", "c", "\"filters\":1,\"kernel_size\":[3,3],\"padding\":\"same\",\"use_bias\":false")));
        Near([4, 6, 4, 6, 9, 6, 4, 6, 4], Run(m, [1, 3, 3, 1], Enumerable.Repeat(1.0, 9).ToArray()));
    }

    [Fact]
    public void Conv2D_same_stride_2_pads_only_after_when_the_total_is_odd()
    {
        var b = new RefModelBuilder().With("c", ([3, 3, 1, 1], Ones(9)));
        var m = b.Build(Sequential("4,4,1", Layer("Conv2D", "c", "\"filters\":1,\"kernel_size\":3,\"strides\":2,\"padding\":\"same\",\"use_bias\":false")));
        Near([45, 39, 66, 50], Run(m, [1, 4, 4, 1], Range(16)));
    }

    [Fact]
    public void Conv2D_valid_with_dilation_and_two_filters()
    {
        // 2x2 kernel dilated by 2 on a 3x3 input: one output reading the four corners.
        var kernel = new float[] { 1, 10, 1, 10, 1, 10, 1, 10 };
        var b = new RefModelBuilder().With("c", ([2, 2, 1, 2], kernel), ([2], [0, 1]));
        var m = b.Build(Sequential("3,3,1", Layer("Conv2D", "c", "\"filters\":2,\"kernel_size\":[2,2],\"dilation_rate\":[2,2],\"padding\":\"valid\"")));
        Near([0 + 2 + 6 + 8, 10 * 16 + 1], Run(m, [1, 3, 3, 1], Range(9)));
    }

    [Fact]
    public void Conv2D_groups_keep_channels_apart()
    {
        // 2 groups of 1 channel each, one filter per group, 1x1 kernel [1,1,1,2].
        var b = new RefModelBuilder().With("c", ([1, 1, 1, 2], [2, 3]));
        var m = b.Build(Sequential("1,1,2", Layer("Conv2D", "c", "\"filters\":2,\"kernel_size\":1,\"groups\":2,\"use_bias\":false")));
        Near([10, 21], Run(m, [1, 1, 1, 2], 5, 7));
    }

    [Fact]
    public void Conv1D_causal_dilated_looks_only_backwards()
    {
        // kernel [2, 1, 1] = (w0 on x[t - 2], w1 on x[t]) with dilation 2.
        var b = new RefModelBuilder().With("c", ([2, 1, 1], [10, 1]));
        var m = b.Build(Sequential("4,1", Layer("Conv1D", "c", "\"filters\":1,\"kernel_size\":[2],\"dilation_rate\":[2],\"padding\":\"causal\",\"use_bias\":false")));
        Near([1, 2, 3 + 10, 4 + 20], Run(m, [1, 4, 1], 1, 2, 3, 4));
    }

    [Fact]
    public void DepthwiseConv2D_multiplier_orders_outputs_channel_major()
    {
        // 1x1 kernel, 2 channels, multiplier 2: outputs (c0*m0, c0*m1, c1*m0, c1*m1).
        var b = new RefModelBuilder().With("dw", ([1, 1, 2, 2], [1, 2, 3, 4]), ([4], [0, 0, 0, 0.5f]));
        var m = b.Build(Sequential("1,1,2", Layer("DepthwiseConv2D", "dw", "\"kernel_size\":1,\"depth_multiplier\":2")));
        Near([5, 10, 21, 28.5], Run(m, [1, 1, 1, 2], 5, 7));
    }

    [Fact]
    public void SeparableConv2D_is_depthwise_then_pointwise()
    {
        var b = new RefModelBuilder().With("s", ([1, 1, 2, 1], [2, 3]), ([1, 1, 2, 1], [1, 10]), ([1], [1]));
        var m = b.Build(Sequential("1,1,2", Layer("SeparableConv2D", "s", "\"filters\":1,\"kernel_size\":1")));
        Near([2 * 5 + 10 * 3 * 7 + 1], Run(m, [1, 1, 1, 2], 5, 7));
    }

    [Fact]
    public void Conv2DTranspose_stride_2_same_matches_tensorflow()
    {
        // tf.nn.conv2d_transpose([[1,2],[3,4]], ones(3,3), stride 2, SAME) is this 4x4 grid.
        var b = new RefModelBuilder().With("t", ([3, 3, 1, 1], Ones(9)));
        var m = b.Build(Sequential("2,2,1", Layer("Conv2DTranspose", "t", "\"filters\":1,\"kernel_size\":3,\"strides\":2,\"padding\":\"same\",\"use_bias\":false")));
        var y = Run(m, [1, 2, 2, 1], 1, 2, 3, 4);
        Assert.Equal([1, 4, 4, 1], y.Shape);
        Near([1, 1, 3, 2, 1, 1, 3, 2, 4, 4, 10, 6, 3, 3, 7, 4], y);
    }

    [Fact]
    public void Conv2DTranspose_valid_grows_by_kernel_minus_stride()
    {
        // 1 input pixel, 2x2 kernel, stride 1, valid: the output is the kernel times the pixel, plus bias.
        var b = new RefModelBuilder().With("t", ([2, 2, 1, 1], [1, 2, 3, 4]), ([1], [1]));
        var m = b.Build(Sequential("1,1,1", Layer("Conv2DTranspose", "t", "\"filters\":1,\"kernel_size\":2,\"padding\":\"valid\"")));
        Near([3, 5, 7, 9], Run(m, [1, 1, 1, 1], 2));
        // (in - 1) * stride + kernel - 2 * (kernel / 2) + output_padding
        Assert.Equal(4, Infrastructure.KerasReference.Layers.Convolutions.DeconvLength(2, 3, "same", 1, 2, 1));
    }

    [Fact]
    public void Average_pooling_same_divides_by_the_real_inputs_only()
    {
        var m = new RefModelBuilder().Build(Sequential("3,3,1", Layer("AveragePooling2D", "p", "\"pool_size\":[2,2],\"strides\":[2,2],\"padding\":\"same\"")));
        Near([3, 4.5, 7.5, 9], Run(m, [1, 3, 3, 1], Range(9, 1)));
    }

    [Fact]
    public void Max_pooling_valid_and_1d()
    {
        var m2 = new RefModelBuilder().Build(Sequential("2,4,1", Layer("MaxPooling2D", "p", "\"pool_size\":[2,2]")));
        Near([5, 7], Run(m2, [1, 2, 4, 1], 0, 1, 2, 3, 4, 5, 6, 7));
        var m1 = new RefModelBuilder().Build(Sequential("5,1", Layer("MaxPooling1D", "p", "\"pool_size\":2,\"strides\":1")));
        Near([3, 3, 2, 5], Run(m1, [1, 5, 1], 1, 3, 2, 0, 5));
    }

    [Fact]
    public void Global_pools_reduce_space_per_channel()
    {
        var avg = new RefModelBuilder().Build(Sequential("2,2,2", Layer("GlobalAveragePooling2D", "g", "\"keepdims\":true")));
        var y = Run(avg, [1, 2, 2, 2], 1, 10, 2, 20, 3, 30, 4, 40);
        Assert.Equal([1, 1, 1, 2], y.Shape);
        Near([2.5, 25], y);
        var max = new RefModelBuilder().Build(Sequential("3,2", Layer("GlobalMaxPooling1D", "g")));
        Near([5, 6], Run(max, [1, 3, 2], 1, 6, 5, -1, 0, 2));
    }

    [Fact]
    public void Batch_normalization_uses_moving_statistics_and_the_scale_center_flags()
    {
        var b = new RefModelBuilder().With("bn", ([1], [2]), ([1], [1]), ([1], [0.5f]), ([1], [0.25f]));
        var m = b.Build(Sequential("1", Layer("BatchNormalization", "bn", "\"axis\":-1,\"epsilon\":0")));
        Near([3], Run(m, [1, 1], 1));
        var noScale = new RefModelBuilder().With("bn", ([1], [1]), ([1], [0.5f]), ([1], [0.25f]));
        var m2 = noScale.Build(Sequential("1", Layer("BatchNormalization", "bn", "\"axis\":[1],\"epsilon\":0,\"scale\":false")));
        Near([2], Run(m2, [1, 1], 1));
    }

    [Fact]
    public void Layer_normalization_normalizes_each_sample()
    {
        var b = new RefModelBuilder().With("ln", ([2], [1, 2]), ([2], [0, 1]));
        var m = b.Build(Sequential("2", Layer("LayerNormalization", "ln", "\"axis\":[-1],\"epsilon\":0")));
        Near([-1, 3, -1, 3], m.Predict(new RefTensor([2, 2], [1, 3, 10, 30]))[0].Map(v => Math.Round(v, 12)));
    }

    [Fact]
    public void Rescaling_and_normalization()
    {
        var r = new RefModelBuilder().Build(Sequential("2", Layer("Rescaling", "r", "\"scale\":0.5,\"offset\":-1")));
        Near([-0.5, 0], Run(r, [1, 2], 1, 2));
        var n = new RefModelBuilder().Build(Sequential("2", Layer("Normalization", "n", "\"axis\":-1,\"mean\":[1,2],\"variance\":[4,0.25]")));
        Near([1, -2], Run(n, [1, 2], 3, 1));
        var adapted = new RefModelBuilder().With("n", ([2], [1, 2]), ([2], [4, 0.25f]), ([], [10]));
        var n2 = adapted.Build(Sequential("2", Layer("Normalization", "n", "\"axis\":-1")));
        Near([1, -2], Run(n2, [1, 2], 3, 1));
        var inverse = new RefModelBuilder().Build(Sequential("2", Layer("Normalization", "n", "\"axis\":-1,\"mean\":[1,2],\"variance\":[4,0.25],\"invert\":true")));
        Near([3, 1], Run(inverse, [1, 2], 1, -2));
    }

    [Theory]
    [InlineData("relu", -1, 0)]
    [InlineData("relu6", 7, 6)]
    [InlineData("sigmoid", 0, 0.5)]
    [InlineData("tanh", 0.5, 0.46211715726000974)]
    [InlineData("elu", -1, -0.6321205588285577)]
    [InlineData("selu", -1, -1.1113307378125625)]
    [InlineData("selu", 2, 2.1014019747109608)]
    [InlineData("swish", 1, 0.7310585786300049)]
    [InlineData("silu", -1, -0.2689414213699951)]
    [InlineData("gelu", 1, 0.8413447460685429)]
    [InlineData("gelu", -3, -0.004049694094890284)]
    [InlineData("hard_swish", 1, 0.6666666666666666)]
    [InlineData("softplus", 0, 0.6931471805599453)]
    [InlineData("softsign", 1, 0.5)]
    [InlineData("exponential", 1, 2.718281828459045)]
    [InlineData("linear", -3, -3)]
    public void Activation_values(string name, double x, double expected)
    {
        Assert.Equal(expected, Activations.Elementwise(name, 2)(x), 10);
    }

    [Fact]
    public void Hard_sigmoid_differs_between_keras_2_and_3()
    {
        Assert.Equal(0.7, Activations.Elementwise("hard_sigmoid", 2)(1), 12);
        Assert.Equal(4.0 / 6, Activations.Elementwise("hard_sigmoid", 3)(1), 12);
        Assert.Equal(1, Activations.Elementwise("hard_sigmoid", 2)(2.5), 12);
        Assert.Equal(5.5 / 6, Activations.Elementwise("hard_sigmoid", 3)(2.5), 12);
    }

    [Theory]
    [InlineData(0.5, 0.5204998778130465)]
    [InlineData(1.0, 0.8427007929497149)]
    [InlineData(2.4, 0.9993114861033549)]
    [InlineData(3.0, 0.9999779095030014)]
    [InlineData(-2.7, -0.9998656672600594)]
    public void Erf_matches_tabulated_values(double x, double expected) => Assert.Equal(expected, Activations.Erf(x), 13);

    [Fact]
    public void Softmax_activation_and_layer()
    {
        var m = new RefModelBuilder().Build(Sequential("2,2", Layer("Softmax", "s", "\"axis\":1")));
        var y = Run(m, [1, 2, 2], 0, 0, Math.Log(3), 0);
        Near([0.25, 0.5, 0.75, 0.5], y);
    }

    [Fact]
    public void Activation_layers_relu_leaky_prelu_elu()
    {
        var relu = new RefModelBuilder().Build(Sequential("4", Layer("ReLU", "r", "\"max_value\":6.0,\"negative_slope\":0.1,\"threshold\":1.0")));
        Near([-0.2, 1, 6, 5], Run(relu, [1, 4], -1, 1, 8, 5));
        var leaky2 = new RefModelBuilder().Build(Sequential("2", Layer("LeakyReLU", "l", "\"alpha\":0.2")));
        Near([-0.4, 3], Run(leaky2, [1, 2], -2, 3));
        var leaky3 = new RefModelBuilder().Build(Sequential("2", Layer("LeakyReLU", "l", "\"negative_slope\":0.5")));
        Near([-1, 3], Run(leaky3, [1, 2], -2, 3));
        var prelu = new RefModelBuilder().With("p", ([1, 2], [0.1f, 0.5f])).Build(Sequential("2,2", Layer("PReLU", "p", "\"shared_axes\":[1]")));
        Near([-0.1 * 0.1f, -1 * 0.5f, 3, -2 * 0.5f], Run(prelu, [1, 2, 2], -0.1, -1, 3, -2), 1e-9);
        var elu = new RefModelBuilder().Build(Sequential("1", Layer("ELU", "e", "\"alpha\":2.0")));
        Near([2 * (Math.Exp(-1) - 1)], Run(elu, [1, 1], -1));
    }

    [Fact]
    public void Reshape_flatten_permute_repeat()
    {
        var permute = new RefModelBuilder().Build(Sequential("2,3", Layer("Permute", "p", "\"dims\":[2,1]")));
        var y = Run(permute, [1, 2, 3], Range(6));
        Assert.Equal([1, 3, 2], y.Shape);
        Near([0, 3, 1, 4, 2, 5], y);
        var reshape = new RefModelBuilder().Build(Sequential("6", Layer("Reshape", "r", "\"target_shape\":[-1,2]")));
        Assert.Equal([1, 3, 2], Run(reshape, [1, 6], Range(6)).Shape);
        var flatten = new RefModelBuilder().Build(Sequential("2,3", Layer("Flatten", "f")));
        Assert.Equal([2, 6], flatten.Predict(new RefTensor([2, 2, 3], Range(12)))[0].Shape);
        var repeat = new RefModelBuilder().Build(Sequential("2", Layer("RepeatVector", "r", "\"n\":3")));
        Near([1, 2, 1, 2, 1, 2], Run(repeat, [1, 2], 1, 2));
    }

    [Fact]
    public void Zero_padding_and_cropping()
    {
        var pad = new RefModelBuilder().Build(Sequential("1,2,1", Layer("ZeroPadding2D", "z", "\"padding\":[[1,0],[0,2]]")));
        var y = Run(pad, [1, 1, 2, 1], 5, 6);
        Assert.Equal([1, 2, 4, 1], y.Shape);
        Near([0, 0, 0, 0, 5, 6, 0, 0], y);
        var crop = new RefModelBuilder().Build(Sequential("3,3,1", Layer("Cropping2D", "c", "\"cropping\":[[1,0],[0,2]]")));
        Near([3, 6], Run(crop, [1, 3, 3, 1], Range(9)));
        var crop1 = new RefModelBuilder().Build(Sequential("4,1", Layer("Cropping1D", "c", "\"cropping\":[1,2]")));
        Near([1], Run(crop1, [1, 4, 1], Range(4)));
        var pad1 = new RefModelBuilder().Build(Sequential("1,1", Layer("ZeroPadding1D", "z", "\"padding\":1")));
        Near([0, 7, 0], Run(pad1, [1, 1, 1], 7));
    }

    [Fact]
    public void Upsampling_nearest_and_bilinear_half_pixel()
    {
        var nearest = new RefModelBuilder().Build(Sequential("1,2,1", Layer("UpSampling2D", "u", "\"size\":[2,2]")));
        Near([1, 1, 2, 2, 1, 1, 2, 2], Run(nearest, [1, 1, 2, 1], 1, 2));
        var one = new RefModelBuilder().Build(Sequential("2,1", Layer("UpSampling1D", "u", "\"size\":3")));
        Near([1, 1, 1, 2, 2, 2], Run(one, [1, 2, 1], 1, 2));
        var bilinear = new RefModelBuilder().Build(Sequential("2,2,1", Layer("UpSampling2D", "u", "\"size\":[2,2],\"interpolation\":\"bilinear\"")));
        var y = Run(bilinear, [1, 2, 2, 1], 0, 1, 2, 3);
        double[] r = [0, 0.25, 0.75, 1];
        Near(r.SelectMany(ry => r.Select(rx => 2 * ry + rx)).ToArray(), y);
    }

    [Fact]
    public void Merge_layers_in_a_functional_model()
    {
        foreach (var (cls, expected) in new[] { ("Add", 8.0), ("Subtract", -2.0), ("Multiply", 15.0), ("Average", 4.0), ("Maximum", 5.0), ("Minimum", 3.0) })
        {
            var json = $$$"""
                {"class_name":"Functional","config":{"name":"f","layers":[
                  {"class_name":"InputLayer","config":{"name":"a","batch_input_shape":[null,1]},"inbound_nodes":[]},
                  {"class_name":"InputLayer","config":{"name":"b","batch_input_shape":[null,1]},"inbound_nodes":[]},
                  {"class_name":"{{{cls}}}","config":{"name":"m"},"inbound_nodes":[[["a",0,0,{}],["b",0,0,{}]]]}],
                 "input_layers":[["a",0,0],["b",0,0]],"output_layers":[["m",0,0]]}}
                """;
            var m = new RefModelBuilder().Build(json);
            Near([expected], m.Predict(new RefTensor([1, 1], [3]), new RefTensor([1, 1], [5]))[0]);
        }
    }

    [Fact]
    public void Concatenate_along_an_inner_axis()
    {
        var json = """
            {"class_name":"Functional","config":{"name":"f","layers":[
              {"class_name":"InputLayer","config":{"name":"a","batch_input_shape":[null,2,1]},"inbound_nodes":[]},
              {"class_name":"InputLayer","config":{"name":"b","batch_input_shape":[null,1,1]},"inbound_nodes":[]},
              {"class_name":"Concatenate","config":{"name":"c","axis":1},"inbound_nodes":[[["a",0,0,{}],["b",0,0,{}]]]}],
             "input_layers":[["a",0,0],["b",0,0]],"output_layers":[["c",0,0]]}}
            """;
        var m = new RefModelBuilder().Build(json);
        var y = m.Predict(new RefTensor([2, 2, 1], [1, 2, 3, 4]), new RefTensor([2, 1, 1], [9, 8]))[0];
        Assert.Equal([2, 3, 1], y.Shape);
        Near([1, 2, 9, 3, 4, 8], y);
    }

    [Fact]
    public void Embedding_truncates_indices_like_a_cast()
    {
        var b = new RefModelBuilder().With("e", ([3, 2], [0, 1, 10, 11, 20, 21]));
        var m = b.Build(Sequential("2", Layer("Embedding", "e", "\"input_dim\":3,\"output_dim\":2")));
        var y = Run(m, [1, 2], 2.9, 1);
        Assert.Equal([1, 2, 2], y.Shape);
        Near([20, 21, 10, 11], y);
        Assert.Equal(3, m.Inputs[0].EmbeddingInputDim);
        Assert.Throws<ArgumentOutOfRangeException>(() => Run(m, [1, 2], 3, 0));
    }

    [Fact]
    public void SimpleRNN_forwards_backwards_and_sequences()
    {
        var b = new RefModelBuilder().With("r", ([1, 1], [1]), ([1, 1], [0.5f]), ([1], [0]));
        var last = b.Build(Sequential("3,1", Layer("SimpleRNN", "r", "\"units\":1,\"activation\":\"linear\"")));
        Near([4.25], Run(last, [1, 3, 1], 1, 2, 3));
        var seq = b.Build(Sequential("3,1", Layer("SimpleRNN", "r", "\"units\":1,\"activation\":\"linear\",\"return_sequences\":true,\"go_backwards\":true")));
        Near([3, 3.5, 2.75], Run(seq, [1, 3, 1], 1, 2, 3));
    }

    [Fact]
    public void LSTM_one_unit_two_steps()
    {
        // Gate weights i, f, c, o for the input and for the recurrent state; no bias.
        float[] k = [0.5f, -1, 2, 1], r = [1, 0.5f, -1, 2];
        var b = new RefModelBuilder().With("l", ([1, 4], k), ([1, 4], r), ([4], [0, 0, 0, 0]));
        var m = b.Build(Sequential("2,1", Layer("LSTM", "l", "\"units\":1,\"activation\":\"tanh\",\"recurrent_activation\":\"sigmoid\"")));
        double h = 0, c = 0;
        foreach (var x in new[] { 1.0, -2.0 })
        {
            double S(double v) => 1 / (1 + Math.Exp(-v));
            double i = S(k[0] * x + r[0] * h), f = S(k[1] * x + r[1] * h), g = Math.Tanh(k[2] * x + r[2] * h), o = S(k[3] * x + r[3] * h);
            c = f * c + i * g;
            h = o * Math.Tanh(c);
        }
        Near([h], Run(m, [1, 2, 1], 1, -2), 1e-9);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void GRU_one_unit_two_steps(bool resetAfter)
    {
        // Gates z, r, h.
        float[] k = [0.5f, -1, 2], r = [1, 0.5f, -1], bi = [0.1f, 0.2f, 0.3f], br = [-0.1f, 0.4f, 0.25f];
        var b = new RefModelBuilder().With("g", ([1, 3], k), ([1, 3], r), resetAfter ? ([2, 3], [.. bi, .. br]) : ([3], bi));
        var m = b.Build(Sequential("2,1", Layer("GRU", "g", $"\"units\":1,\"activation\":\"tanh\",\"recurrent_activation\":\"sigmoid\",\"reset_after\":{(resetAfter ? "true" : "false")}")));
        double h = 0;
        foreach (var x in new[] { 1.0, -2.0 })
        {
            double S(double v) => 1 / (1 + Math.Exp(-v));
            double z, rr, hh;
            if (resetAfter)
            {
                z = S(k[0] * x + bi[0] + r[0] * h + br[0]);
                rr = S(k[1] * x + bi[1] + r[1] * h + br[1]);
                hh = Math.Tanh(k[2] * x + bi[2] + rr * (r[2] * h + br[2]));
            }
            else
            {
                z = S(k[0] * x + bi[0] + r[0] * h);
                rr = S(k[1] * x + bi[1] + r[1] * h);
                hh = Math.Tanh(k[2] * x + bi[2] + r[2] * (rr * h));
            }
            h = z * h + (1 - z) * hh;
        }
        Near([h], Run(m, [1, 2, 1], 1, -2), 1e-9);
    }

    [Fact]
    public void TimeDistributed_dense_applies_per_step()
    {
        var b = new RefModelBuilder().With("td", ([1, 1], [3]), ([1], [1]));
        var m = b.Build(Sequential("2,1", """{"class_name":"TimeDistributed","config":{"name":"td","layer":{"class_name":"Dense","config":{"name":"d","units":1}}}}"""));
        Near([4, 7], Run(m, [1, 2, 1], 1, 2));
    }

    [Fact]
    public void Functional_with_nested_sequential_two_outputs_and_keras3_nodes()
    {
        // Keras 3 inbound nodes; a nested Sequential whose weights live under [outer name, inner name].
        var json = """
            {"class_name":"Functional","config":{"name":"f","layers":[
              {"class_name":"InputLayer","config":{"name":"x","batch_shape":[null,1]},"inbound_nodes":[]},
              {"class_name":"Sequential","config":{"name":"inner","layers":[
                 {"class_name":"InputLayer","config":{"name":"ix","batch_shape":[null,1]}},
                 {"class_name":"Dense","config":{"name":"d","units":1,"activation":"linear","use_bias":false}}]},
               "inbound_nodes":[{"args":[{"class_name":"__keras_tensor__","config":{"keras_history":["x",0,0]}}],"kwargs":{}}]},
              {"class_name":"Add","config":{"name":"sum"},
               "inbound_nodes":[{"args":[[{"class_name":"__keras_tensor__","config":{"keras_history":["inner",1,0]}},
                                          {"class_name":"__keras_tensor__","config":{"keras_history":["x",0,0]}}]],"kwargs":{}}]}],
             "input_layers":[["x",0,0]],"output_layers":[["sum",0,0],["inner",1,0]]}}
            """;
        var b = new RefModelBuilder().With("inner/d", ([1, 1], [3]));
        var m = b.Build(json, kerasMajor: 3);
        var ys = m.Predict(new RefTensor([1, 1], [2]));
        Assert.Equal(2, ys.Count);
        Near([8], ys[0]);
        Near([6], ys[1]);
    }

    [Fact]
    public void Keras_2_0_sequential_config_is_a_plain_list()
    {
        var json = """{"class_name":"Sequential","config":[{"class_name":"Dense","config":{"name":"d","units":1,"batch_input_shape":[null,2],"activation":"linear"}}]}""";
        var m = new RefModelBuilder().With("d", ([2, 1], [1, 1]), ([1], [0])).Build(json);
        Near([3], Run(m, [1, 2], 1, 2));
        Assert.Equal([2], m.Inputs[0].Shape.Select(d => d!.Value).ToArray());
    }

    [Fact]
    public void Wrong_weight_shape_is_reported()
    {
        var b = new RefModelBuilder().With("d", ([3, 2], new float[6]));
        var e = Assert.Throws<InvalidOperationException>(() => b.Build(Sequential("2", Layer("Dense", "d", "\"units\":3"))));
        Assert.Contains("kernel", e.Message);
    }
}
