using System.Text.Json;
using TfLite.Core.Keras.Files;
using Xunit;

namespace TfLite.Core.Tests.Keras.Files;

/// <summary>Keras 3 keys a model's layers by snake-cased class name; the expected values are the default layer
/// names real Keras generates from the same rule (seen in the shared corpus: <c>leaky_re_lu_14</c>,
/// <c>conv2d_transpose_4</c>, <c>global_max_pooling1d_1</c>, ...).</summary>
public sealed class KerasSaveNamesTests
{
    [Theory]
    [InlineData("Dense", "dense")]
    [InlineData("Conv2D", "conv2d")]
    [InlineData("Conv2DTranspose", "conv2d_transpose")]
    [InlineData("DepthwiseConv2D", "depthwise_conv2d")]
    [InlineData("SeparableConv2D", "separable_conv2d")]
    [InlineData("BatchNormalization", "batch_normalization")]
    [InlineData("MaxPooling2D", "max_pooling2d")]
    [InlineData("GlobalAveragePooling2D", "global_average_pooling2d")]
    [InlineData("GlobalMaxPooling1D", "global_max_pooling1d")]
    [InlineData("LeakyReLU", "leaky_re_lu")]
    [InlineData("ReLU", "re_lu")]
    [InlineData("PReLU", "p_re_lu")]
    [InlineData("SimpleRNN", "simple_rnn")]
    [InlineData("LSTM", "lstm")]
    [InlineData("GRU", "gru")]
    [InlineData("UpSampling2D", "up_sampling2d")]
    [InlineData("ZeroPadding2D", "zero_padding2d")]
    [InlineData("InputLayer", "input_layer")]
    [InlineData("MultiHeadAttention", "multi_head_attention")]
    public void Snake_case_matches_Keras_default_names(string className, string expected) =>
        Assert.Equal(expected, KerasSaveNames.ToSnakeCase(className));

    [Fact]
    public void Container_keys_number_each_class_separately_in_model_order()
    {
        using var layers = JsonDocument.Parse("""
            [
              {"class_name": "InputLayer", "config": {"name": "in"}},
              {"class_name": "Conv2D", "config": {"name": "stem"}},
              {"class_name": "BatchNormalization", "config": {"name": "bn"}},
              {"class_name": "Conv2D", "config": {"name": "conv2d"}},
              {"class_name": "Dense", "config": {"name": "head"}},
              {"class_name": "Conv2D", "config": {"name": "last"}}
            ]
            """);
        var keys = KerasSaveNames.ContainerKeys(layers.RootElement.EnumerateArray().ToArray()).ToArray();
        Assert.Equal(
            [("in", "input_layer"), ("stem", "conv2d"), ("bn", "batch_normalization"), ("conv2d", "conv2d_1"), ("head", "dense"), ("last", "conv2d_2")],
            keys);
    }

    [Fact]
    public void Variables_sort_numerically_and_sub_objects_in_save_order()
    {
        Assert.Equal(["0", "1", "2", "10", "11"], KerasSaveNames.InVariableOrder(new[] { "10", "2", "0", "11", "1" }, s => s));
        Assert.Equal(["cell", "layer", "_private"], KerasSaveNames.InSaveOrder(new[] { "_private", "layer", "cell" }, s => s));
        Assert.Equal(["forward_layer", "backward_layer"], KerasSaveNames.InSaveOrder(new[] { "backward_layer", "forward_layer" }, s => s));
    }
}
