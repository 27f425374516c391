using TfLite.Core.Graph;
using TfLite.Core.Transforms;
using Xunit;

namespace TfLite.Core.Tests.Transforms;

public class FuseActivationTests
{
    private static (GraphBuilder G, Tensor PreActivation, Tensor Output) ConvThen(BuiltinOperator activation, ActivationFunction convActivation = ActivationFunction.None)
    {
        var g = new GraphBuilder();
        var x = g.Input("x", 1, 3, 3, 1);
        var conv = g.Apply(BuiltinOperator.Conv2D, new Conv2DOptions { FusedActivation = convActivation }, [1, 3, 3, 2], x, g.Constant("w", [2, 1, 1, 1], 1, -1), g.Constant("b", [2], 0, 0));
        var y = g.Apply(activation, null, [1, 3, 3, 2], conv);
        g.Output(y);
        return (g, conv, y);
    }

    [Theory]
    [InlineData(BuiltinOperator.Relu, ActivationFunction.Relu)]
    [InlineData(BuiltinOperator.Relu6, ActivationFunction.Relu6)]
    [InlineData(BuiltinOperator.ReluN1To1, ActivationFunction.ReluN1To1)]
    public void A_clamp_activation_fuses_into_the_convolution(BuiltinOperator activation, ActivationFunction fused)
    {
        var (g, pre, y) = ConvThen(activation);
        Assert.True(new FuseActivation().Run(g.Graph));

        var conv = Assert.Single(g.Main.Operators);
        Assert.Equal(fused, conv.GetOptions<Conv2DOptions>().FusedActivation);
        Assert.Same(y, conv.Outputs[0]);
        Assert.Same(y, Assert.Single(g.Main.Outputs));
        Assert.DoesNotContain(pre, g.Main.Tensors);
    }

    [Theory]
    [InlineData(BuiltinOperator.Tanh)]
    [InlineData(BuiltinOperator.Logistic)]
    [InlineData(BuiltinOperator.Softmax)]
    public void Activations_that_tflite_kernels_cannot_fuse_stay_separate(BuiltinOperator activation)
    {
        // TFLite kernels turn a fused activation into a clamp range and ignore TANH there.
        var (g, _, _) = ConvThen(activation);
        Assert.False(new FuseActivation().Run(g.Graph));
        Assert.Equal([BuiltinOperator.Conv2D, activation], g.Codes);
    }

    [Fact]
    public void A_producer_that_already_has_an_activation_is_left_alone()
    {
        var (g, _, _) = ConvThen(BuiltinOperator.Relu6, ActivationFunction.Relu);
        Assert.False(new FuseActivation().Run(g.Graph));
        Assert.Equal(2, g.Main.Operators.Count);
    }

    [Fact]
    public void A_pre_activation_tensor_that_is_a_graph_output_is_kept()
    {
        var (g, pre, _) = ConvThen(BuiltinOperator.Relu);
        g.Output(pre);
        Assert.False(new FuseActivation().Run(g.Graph));
        Assert.Equal(ActivationFunction.None, g.Main.Operators[0].GetOptions<Conv2DOptions>().FusedActivation);
    }

    [Fact]
    public void A_pre_activation_tensor_read_by_another_operator_is_kept()
    {
        var (g, pre, _) = ConvThen(BuiltinOperator.Relu);
        g.Output(g.Apply(BuiltinOperator.Tanh, null, [1, 3, 3, 2], pre));
        Assert.False(new FuseActivation().Run(g.Graph));
    }

    [Theory]
    [InlineData(BuiltinOperator.Add)]
    [InlineData(BuiltinOperator.Sub)]
    [InlineData(BuiltinOperator.Mul)]
    [InlineData(BuiltinOperator.Div)]
    public void Binary_operators_take_the_activation(BuiltinOperator code)
    {
        var g = new GraphBuilder();
        var (a, b) = (g.Input("a", 1, 4), g.Input("b", 1, 4));
        OperatorOptions options = code switch
        {
            BuiltinOperator.Add => new AddOptions(),
            BuiltinOperator.Sub => new SubOptions(),
            BuiltinOperator.Mul => new MulOptions(),
            _ => new DivOptions(),
        };
        var sum = g.Apply(code, options, [1, 4], a, b);
        g.Output(g.Apply(BuiltinOperator.Relu6, null, [1, 4], sum));
        Assert.True(new FuseActivation().Run(g.Graph));
        Assert.Equal(ActivationFunction.Relu6, ((IFusedActivationOptions)Assert.Single(g.Main.Operators).Options!).FusedActivation);
    }

    [Fact]
    public void An_add_written_without_options_takes_the_activation_with_default_options()
    {
        var g = new GraphBuilder();
        var sum = g.Apply(BuiltinOperator.Add, null, [1, 4], g.Input("a", 1, 4), g.Input("b", 1, 4));
        g.Output(g.Apply(BuiltinOperator.Relu, null, [1, 4], sum));
        Assert.True(new FuseActivation().Run(g.Graph));
        var options = Assert.Single(g.Main.Operators).GetOptions<AddOptions>();
        Assert.Equal(ActivationFunction.Relu, options.FusedActivation);
        Assert.True(options.PotScaleInt16);
    }

    [Fact]
    public void Fully_connected_and_pools_take_the_activation()
    {
        var g = new GraphBuilder();
        var x = g.Input("x", 1, 4, 4, 2);
        var pool = g.Apply(BuiltinOperator.AveragePool2D, new Pool2DOptions { FilterHeight = 2, FilterWidth = 2, StrideH = 2, StrideW = 2 }, [1, 2, 2, 2], x);
        var relu = g.Apply(BuiltinOperator.Relu, null, [1, 2, 2, 2], pool);
        var flat = g.Apply(BuiltinOperator.Reshape, new ReshapeOptions { NewShape = [1, 8] }, [1, 8], relu);
        var fc = g.Apply(BuiltinOperator.FullyConnected, new FullyConnectedOptions(), [1, 3], flat, g.Constant("w", [3, 8], new float[24]), null);
        g.Output(g.Apply(BuiltinOperator.ReluN1To1, null, [1, 3], fc));

        Assert.True(new FuseActivation().Run(g.Graph));

        Assert.Equal([BuiltinOperator.AveragePool2D, BuiltinOperator.Reshape, BuiltinOperator.FullyConnected], g.Codes);
        Assert.Equal(ActivationFunction.Relu, g.Main.Operators[0].GetOptions<Pool2DOptions>().FusedActivation);
        Assert.Equal(ActivationFunction.ReluN1To1, g.Main.Operators[2].GetOptions<FullyConnectedOptions>().FusedActivation);
    }

    [Fact]
    public void Concatenation_never_takes_an_activation()
    {
        // TFLite's CONCATENATION kernel rejects any fused activation.
        var g = new GraphBuilder();
        var (a, b) = (g.Input("a", 1, 2), g.Input("b", 1, 2));
        var cat = g.Apply(BuiltinOperator.Concatenation, new ConcatenationOptions { Axis = 1 }, [1, 4], a, b);
        g.Output(g.Apply(BuiltinOperator.Relu, null, [1, 4], cat));
        Assert.False(new FuseActivation().Run(g.Graph));
    }

    [Fact]
    public void An_activation_fed_by_a_graph_input_is_left_alone()
    {
        var g = new GraphBuilder();
        g.Output(g.Apply(BuiltinOperator.Relu, null, [1, 2], g.Input("x", 1, 2)));
        Assert.False(new FuseActivation().Run(g.Graph));
    }
}
