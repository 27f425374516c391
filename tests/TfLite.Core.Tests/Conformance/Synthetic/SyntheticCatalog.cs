using TfLite.Core.Keras;

namespace TfLite.Core.Tests.Conformance.Synthetic;

/// <summary>
/// Small models for the layers, options and model structures that no real model of the corpus uses. Each is written
/// both as a tf.keras 2.x <c>.h5</c> and as a Keras 3 <c>.keras</c> archive by the conformance tests.
/// </summary>
public static class SyntheticCatalog
{
    /// <summary>Every case by name.</summary>
    public static readonly IReadOnlyDictionary<string, Func<int, SyntheticModel>> Cases = new SortedDictionary<string, Func<int, SyntheticModel>>(StringComparer.Ordinal)
    {
        ["rescaling_normalization"] = RescalingNormalization,
        ["upsampling2d"] = UpSampling2D,
        ["upsampling1d_conv1d_pools"] = UpSampling1DConv1D,
        ["gru"] = Gru,
        ["lstm_simplernn"] = LstmSimpleRnn,
        ["simplernn_lstm"] = SimpleRnnLstm,
        ["permute_cropping_padding"] = PermuteCroppingPadding,
        ["layernorm_prelu_elu"] = LayerNormPreluElu,
        ["embedding"] = Embedding,
        ["repeatvector_timedistributed"] = RepeatTimeDistributed,
        ["activations"] = ActivationFunctions,
        ["activation_layers"] = ActivationLayers,
        ["conv2d_transpose"] = Conv2DTranspose,
        ["conv2d_variants"] = Conv2DVariants,
        ["merges_multi_io"] = Merges,
        ["nested_sequential"] = NestedSequential,
    };

    /// <summary>Weights whose Keras 3 list differs (Normalization keeps no count there).</summary>
    private static SyntheticModel RescalingNormalization(int kerasMajor)
    {
        var m = new SyntheticModel("rescaling_normalization");
        var x = m.Input("x", [6, 4]);
        var r = m.Call("Rescaling", "rescale", new { scale = 2.0, offset = -1.0 }, x);
        var mean = m.Random("mean", [4], 0.5);
        var variance = m.Random("variance", [4], 0.5, 1.0);
        var count = new KerasWeight("count", [], [100]);
        var n = m.Call(new SynLayer("Normalization", "norm", Options(new { axis = new[] { -1 } })), [r], [mean, variance, count], [mean, variance]);
        var fixedStats = m.Call("Normalization", "norm_fixed", new { axis = -1, mean = new[] { 0.1, -0.2, 0.3, 0.0 }, variance = new[] { 2.0, 0.5, 1.0, 4.0 } }, n);
        m.Outputs(fixedStats);
        return m;
    }

    private static SyntheticModel UpSampling2D(int kerasMajor)
    {
        var m = new SyntheticModel("upsampling2d");
        var x = m.Input("x", [3, 4, 2]);
        var near = m.Call("UpSampling2D", "up_nearest", new { size = new[] { 2, 2 }, data_format = "channels_last", interpolation = "nearest" }, x);
        var bilinear = m.Call("UpSampling2D", "up_bilinear", new { size = new[] { 2, 3 }, data_format = "channels_last", interpolation = "bilinear" }, near);
        m.Outputs(bilinear);
        return m;
    }

    private static SyntheticModel UpSampling1DConv1D(int kerasMajor)
    {
        var m = new SyntheticModel("upsampling1d_conv1d_pools");
        var x = m.Input("x", [8, 3]);
        var up = m.Call("UpSampling1D", "up", new { size = 2 }, x);
        var c1 = m.Call("Conv1D", "conv_causal", Conv(4, [3], [1], [2], "causal", "relu"), up, m.Random("kernel", [3, 3, 4]), m.Random("bias", [4]));
        var p1 = m.Call("MaxPooling1D", "pool_max", new { pool_size = new[] { 2 }, strides = new[] { 2 }, padding = "valid", data_format = "channels_last" }, c1);
        var c2 = m.Call("Conv1D", "conv_same", Conv(5, [3], [2], [1], "same", "tanh"), p1, m.Random("kernel", [3, 4, 5]), m.Random("bias", [5]));
        var p2 = m.Call("AveragePooling1D", "pool_avg", new { pool_size = new[] { 3 }, strides = new[] { 1 }, padding = "same", data_format = "channels_last" }, c2);
        var g = m.Call("GlobalAveragePooling1D", "gap", new { data_format = "channels_last", keepdims = false }, p2);
        m.Outputs(g);
        return m;
    }

    private static SyntheticModel Gru(int kerasMajor)
    {
        var m = new SyntheticModel("gru");
        var x = m.Input("x", [5, 3]);
        var a = m.Call("GRU", "gru_after", Recurrent(4, returnSequences: true, goBackwards: false, resetAfter: true), x,
            m.Random("kernel", [3, 12]), m.Random("recurrent_kernel", [4, 12]), m.Random("bias", [2, 12], 0.5));
        var b = m.Call("GRU", "gru_before", Recurrent(3, returnSequences: false, goBackwards: true, resetAfter: false), a,
            m.Random("kernel", [4, 9]), m.Random("recurrent_kernel", [3, 9]), m.Random("bias", [9], 0.5));
        m.Outputs(b);
        return m;
    }

    private static SyntheticModel LstmSimpleRnn(int kerasMajor)
    {
        var m = new SyntheticModel("lstm_simplernn");
        var x = m.Input("x", [6, 3]);
        var a = m.Call("LSTM", "lstm_seq", Recurrent(5, returnSequences: true, goBackwards: true, resetAfter: null), x,
            m.Random("kernel", [3, 20]), m.Random("recurrent_kernel", [5, 20]), m.Random("bias", [20], 0.5));
        var rnnOptions = (Dictionary<string, object?>)Recurrent(4, returnSequences: false, goBackwards: false, resetAfter: null);
        rnnOptions.Remove("recurrent_activation");
        var b = m.Call("SimpleRNN", "rnn", rnnOptions, a,
            m.Random("kernel", [5, 4]), m.Random("recurrent_kernel", [4, 4], 0.5), m.Random("bias", [4], 0.5));
        m.Outputs(b);
        return m;
    }

    /// <summary>The other halves of the recurrent options: SimpleRNN returning its sequence backwards (relu), LSTM
    /// returning its last step forwards.</summary>
    private static SyntheticModel SimpleRnnLstm(int kerasMajor)
    {
        var m = new SyntheticModel("simplernn_lstm");
        var x = m.Input("x", [5, 4]);
        var rnnOptions = (Dictionary<string, object?>)Recurrent(3, returnSequences: true, goBackwards: true, resetAfter: null);
        rnnOptions.Remove("recurrent_activation");
        rnnOptions["activation"] = "relu";
        var a = m.Call("SimpleRNN", "rnn_seq", rnnOptions, x,
            m.Random("kernel", [4, 3]), m.Random("recurrent_kernel", [3, 3], 0.5), m.Random("bias", [3], 0.5));
        var b = m.Call("LSTM", "lstm_last", Recurrent(4, returnSequences: false, goBackwards: false, resetAfter: null), a,
            m.Random("kernel", [3, 16]), m.Random("recurrent_kernel", [4, 16]), m.Random("bias", [16], 0.5));
        m.Outputs(b);
        return m;
    }

    private static SyntheticModel PermuteCroppingPadding(int kerasMajor)
    {
        var m = new SyntheticModel("permute_cropping_padding");
        var x = m.Input("x", [4, 6, 3]);
        var p = m.Call("Permute", "permute", new { dims = new[] { 2, 1, 3 } }, x);
        var c = m.Call("Cropping2D", "crop", new { cropping = new[] { new[] { 1, 0 }, new[] { 0, 2 } }, data_format = "channels_last" }, p);
        var z = m.Call("ZeroPadding2D", "pad", new { padding = new[] { new[] { 0, 1 }, new[] { 2, 0 } }, data_format = "channels_last" }, c);
        var c1 = m.Call("Reshape", "to_seq", new { target_shape = new[] { -1, 3 } }, z);
        var crop1 = m.Call("Cropping1D", "crop1d", new { cropping = new[] { 2, 1 } }, c1);
        var pad1 = m.Call("ZeroPadding1D", "pad1d", new { padding = new[] { 1, 2 } }, crop1);
        var f = m.Call("Flatten", "flatten", new { data_format = "channels_last" }, pad1);
        var d = m.Call("Dense", "dense", Dense(5, "linear"), f, m.Random("kernel", [f.Shape[0], 5]), m.Random("bias", [5]));
        m.Outputs(d);
        return m;
    }

    private static SyntheticModel LayerNormPreluElu(int kerasMajor)
    {
        var m = new SyntheticModel("layernorm_prelu_elu");
        var x = m.Input("x", [3, 8]);
        var d = m.Call("Dense", "dense", Dense(6, "linear"), x, m.Random("kernel", [8, 6]), m.Random("bias", [6]));
        var ln = m.Call("LayerNormalization", "ln", new { axis = new[] { -1 }, epsilon = 0.001, center = true, scale = true }, d,
            m.Random("gamma", [6], 0.5, 1), m.Random("beta", [6], 0.5));
        var pr = m.Call("PReLU", "prelu", new { shared_axes = new[] { 1 } }, ln, m.Random("alpha", [1, 6], 0.5));
        var d2 = m.Call("Dense", "dense_2", Dense(4, "linear"), pr, m.Random("kernel", [6, 4]), m.Random("bias", [4]));
        var elu = m.Call("ELU", "elu", new { alpha = 0.5 }, d2);
        m.Outputs(elu);
        return m;
    }

    private static SyntheticModel Embedding(int kerasMajor)
    {
        var m = new SyntheticModel("embedding");
        var x = m.Input("tokens", [5], "int32");
        var e = m.Call("Embedding", "embed", new { input_dim = 12, output_dim = 4, mask_zero = false }, x, m.Random("embeddings", [12, 4]));
        var f = m.Call("Flatten", "flatten", new { data_format = "channels_last" }, e);
        var d = m.Call("Dense", "dense", Dense(3, "softmax"), f, m.Random("kernel", [20, 3]), m.Random("bias", [3]));
        m.Outputs(d);
        return m;
    }

    private static SyntheticModel RepeatTimeDistributed(int kerasMajor)
    {
        var m = new SyntheticModel("repeatvector_timedistributed");
        var x = m.Input("x", [4]);
        var r = m.Call("RepeatVector", "repeat", new { n = 3 }, x);
        var inner = new SynLayer("Dense", "td_dense", Options(Dense(5, "relu")));
        var td = m.Call(new SynLayer("TimeDistributed", "td", new Dictionary<string, object?>()) { Inner = inner }, [r],
            [m.Random("kernel", [4, 5]), m.Random("bias", [5])]);
        var f = m.Call("Flatten", "flatten", new { data_format = "channels_last" }, td);
        m.Outputs(f);
        return m;
    }

    /// <summary>Every activation function by name, each on its own Dense branch and output.</summary>
    private static SyntheticModel ActivationFunctions(int kerasMajor)
    {
        var m = new SyntheticModel("activations");
        var x = m.Input("x", [8]);
        // A shared pre-activation spanning negative and positive values.
        var pre = m.Call("Dense", "pre", Dense(12, "linear"), x, m.Random("kernel", [8, 12], 1.5), m.Random("bias", [12], 1));
        var names = new List<string>
        {
            "linear", "relu", "relu6", "sigmoid", "hard_sigmoid", "tanh", "softmax", "elu", "selu", kerasMajor >= 3 ? "silu" : "swish",
            "gelu", "softplus", "softsign", "exponential",
        };
        // tf.keras 2.x has no hard_swish activation; Keras 3 names it hard_silu.
        if (kerasMajor >= 3) names.Add("hard_silu");
        var outputs = names.Select(a => m.Call("Activation", "act_" + a, new { activation = a }, pre)).ToArray();
        m.Outputs(outputs);
        return m;
    }

    private static SyntheticModel ActivationLayers(int kerasMajor)
    {
        var m = new SyntheticModel("activation_layers");
        var x = m.Input("x", [2, 6]);
        var pre = m.Call("Dense", "pre", Dense(6, "linear"), x, m.Random("kernel", [6, 6], 4), m.Random("bias", [6], 1));
        var relu = m.Call("ReLU", "relu_capped", new { max_value = 2.5, negative_slope = 0.1, threshold = 0.5 }, pre);
        var plain = m.Call("ReLU", "relu_plain", new { max_value = (double?)null, negative_slope = 0.0, threshold = 0.0 }, pre);
        var leaky = m.Call(new SynLayer("LeakyReLU", "leaky", Options(new { alpha = 0.15 }))
        {
            Keras3Options = Options(new { negative_slope = 0.15 }),
        }, [pre]);
        var softmax = m.Call("Softmax", "softmax", new { axis = -1 }, pre);
        var relu6 = m.Call("ReLU", "relu6", new { max_value = 6.0, negative_slope = 0.0, threshold = 0.0 }, pre);
        m.Outputs(relu, plain, leaky, softmax, relu6);
        return m;
    }

    private static SyntheticModel Conv2DTranspose(int kerasMajor)
    {
        var m = new SyntheticModel("conv2d_transpose");
        var x = m.Input("x", [5, 5, 3]);
        var t1 = m.Call("Conv2DTranspose", "deconv_same", ConvTranspose(4, [3, 3], [2, 2], "same", "relu"), x,
            m.Random("kernel", [3, 3, 4, 3]), m.Random("bias", [4]));
        var t2 = m.Call("Conv2DTranspose", "deconv_valid", ConvTranspose(2, [2, 3], [1, 2], "valid", "linear"), t1,
            m.Random("kernel", [2, 3, 2, 4]), m.Random("bias", [2]));
        // LiteRT.js cannot hand back a model output that TFLite sizes at run time, which a TRANSPOSE_CONV with a
        // computed output shape is; a layer after it keeps both transposed convolutions checked in the oracle.
        var after = m.Call(new SynLayer("LeakyReLU", "after_deconv", Options(new { alpha = 0.2 }))
        {
            Keras3Options = Options(new { negative_slope = 0.2 }),
        }, [t2]);
        m.Outputs(after);
        return m;
    }

    private static SyntheticModel Conv2DVariants(int kerasMajor)
    {
        var m = new SyntheticModel("conv2d_variants");
        var x = m.Input("x", [11, 12, 3]);
        var c1 = m.Call("Conv2D", "conv_s2_same", Conv(4, [3, 3], [2, 2], [1, 1], "same", "relu"), x, m.Random("kernel", [3, 3, 3, 4]), m.Random("bias", [4]));
        var c2 = m.Call("Conv2D", "conv_dilated", Conv(5, [3, 3], [1, 1], [2, 2], "same", "linear"), c1, m.Random("kernel", [3, 3, 4, 5]), m.Random("bias", [5]));
        var dw = m.Call("DepthwiseConv2D", "depthwise", new
        {
            kernel_size = new[] { 3, 3 }, strides = new[] { 1, 1 }, padding = "valid", depth_multiplier = 2, data_format = "channels_last",
            dilation_rate = new[] { 1, 1 }, activation = "relu6", use_bias = true,
        }, c2, m.Random("depthwise_kernel", [3, 3, 5, 2]), m.Random("bias", [10]));
        var ap = m.Call("AveragePooling2D", "avg_same", new { pool_size = new[] { 2, 2 }, strides = new[] { 2, 2 }, padding = "same", data_format = "channels_last" }, dw);
        var sep = m.Call("SeparableConv2D", "separable", new
        {
            filters = 6, kernel_size = new[] { 2, 2 }, strides = new[] { 1, 1 }, padding = "same", depth_multiplier = 1, data_format = "channels_last",
            dilation_rate = new[] { 1, 1 }, activation = "linear", use_bias = true,
        }, ap, m.Random("depthwise_kernel", [2, 2, 10, 1]), m.Random("pointwise_kernel", [1, 1, 10, 6]), m.Random("bias", [6]));
        var mp = m.Call("MaxPooling2D", "max_same", new { pool_size = new[] { 3, 3 }, strides = new[] { 1, 1 }, padding = "same", data_format = "channels_last" }, sep);
        var gmp = m.Call("GlobalMaxPooling2D", "gmp", new { data_format = "channels_last", keepdims = false }, mp);
        m.Outputs(gmp);
        return m;
    }

    /// <summary>Two inputs, five merge layers, five outputs.</summary>
    private static SyntheticModel Merges(int kerasMajor)
    {
        var m = new SyntheticModel("merges_multi_io");
        var a = m.Input("a", [6]);
        var b = m.Input("b", [6]);
        var outputs = new[] { "Subtract", "Multiply", "Average", "Maximum", "Minimum" }
            .Select(cls => m.Call(new SynLayer(cls, cls.ToLowerInvariant(), new Dictionary<string, object?>()), [a, b]))
            .ToList();
        var concat = m.Call(new SynLayer("Concatenate", "concat", Options(new { axis = -1 })), [outputs[0], outputs[1]]);
        var d = m.Call("Dense", "dense", Dense(3, "linear"), concat, m.Random("kernel", [12, 3]), m.Random("bias", [3]));
        m.Outputs([d, .. outputs.Skip(2)]);
        return m;
    }

    /// <summary>A Sequential model nested in a Functional one, next to a skip branch.</summary>
    private static SyntheticModel NestedSequential(int kerasMajor)
    {
        var m = new SyntheticModel("nested_sequential");
        var x = m.Input("x", [10]);
        var body = new List<(SynLayer, KerasWeight[])>
        {
            (new SynLayer("Dense", "inner_a", Options(Dense(8, "relu"))), [m.Random("kernel", [10, 8]), m.Random("bias", [8])]),
            (new SynLayer("Dense", "inner_b", Options(Dense(4, "linear"))), [m.Random("kernel", [8, 4]), m.Random("bias", [4])]),
        };
        var inner = m.CallSequential("inner_model", x, body);
        var skip = m.Call("Dense", "skip", Dense(4, "linear"), x, m.Random("kernel", [10, 4]), m.Random("bias", [4]));
        var sum = m.Call(new SynLayer("Add", "sum", new Dictionary<string, object?>()), [inner, skip]);
        m.Outputs(sum, inner);
        return m;
    }

    private static object Dense(int units, string activation) => new { units, activation, use_bias = true };

    private static object Conv(int filters, int[] kernel, int[] strides, int[] dilation, string padding, string activation) => new
    {
        filters, kernel_size = kernel, strides, padding, data_format = "channels_last", dilation_rate = dilation, groups = 1, activation, use_bias = true,
    };

    private static object ConvTranspose(int filters, int[] kernel, int[] strides, string padding, string activation) => new
    {
        filters, kernel_size = kernel, strides, padding, data_format = "channels_last", dilation_rate = new[] { 1, 1 }, activation,
        use_bias = true, output_padding = (int[]?)null,
    };

    private static object Recurrent(int units, bool returnSequences, bool goBackwards, bool? resetAfter)
    {
        var o = new Dictionary<string, object?>
        {
            ["units"] = units, ["activation"] = "tanh", ["recurrent_activation"] = "sigmoid", ["use_bias"] = true,
            ["return_sequences"] = returnSequences, ["return_state"] = false, ["go_backwards"] = goBackwards,
            ["stateful"] = false, ["unroll"] = false,
        };
        if (resetAfter is { } r) o["reset_after"] = r;
        return o;
    }

    private static Dictionary<string, object?> Options(object o) =>
        System.Text.Json.JsonSerializer.SerializeToElement(o).EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value.Clone());
}
