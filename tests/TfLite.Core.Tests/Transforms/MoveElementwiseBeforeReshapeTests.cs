using TfLite.Core.Graph;
using TfLite.Core.Transforms;
using Xunit;
using static TfLite.Core.Tests.Transforms.ReferenceKernels;

namespace TfLite.Core.Tests.Transforms;

public class MoveElementwiseBeforeReshapeTests
{
    [Fact]
    public void An_activation_after_a_reshape_moves_before_it()
    {
        var g = new GraphBuilder();
        var x = g.Input("x", 1, 1, 5, 4);
        var reshaped = g.Apply(BuiltinOperator.Reshape, null, [1, 5, 4], x, g.IntConstant("shape", [3], 1, 5, 4));
        var relu = g.Apply(BuiltinOperator.Relu, null, [1, 5, 4], reshaped);
        g.Output(relu);

        Assert.True(new MoveElementwiseBeforeReshape().Run(g.Graph));

        Assert.Equal([BuiltinOperator.Relu, BuiltinOperator.Reshape], g.Codes);
        var (first, second) = (g.Main.Operators[0], g.Main.Operators[1]);
        Assert.Same(x, first.Inputs[0]);
        Assert.Equal([1, 1, 5, 4], first.Outputs[0].Shape);
        Assert.Same(first.Outputs[0], second.Inputs[0]);
        Assert.Same(relu, second.Outputs[0]);
        Assert.DoesNotContain(reshaped, g.Main.Tensors);
    }

    [Fact]
    public void A_conv1d_lowering_gets_its_batch_norm_and_relu_folded_like_tensorflow()
    {
        // Conv1D as RESHAPE -> CONV_2D -> RESHAPE, then BatchNormalization (MUL, ADD) and ReLU.
        var g = new GraphBuilder();
        var r = new Random(17);
        int[] xs = [1, 1, 7, 2];
        var x = g.Input("x", 1, 7, 2);
        var expanded = g.Apply(BuiltinOperator.Reshape, null, xs, x, g.IntConstant("expand", [4], 1, 1, 7, 2));
        var w = g.RandomConstant("w", r, 3, 1, 3, 2);
        var b = g.RandomConstant("b", r, 3);
        var (wv, bv) = (w.GetData<float>().ToArray(), b.GetData<float>().ToArray());
        var conv = g.Apply(BuiltinOperator.Conv2D, new Conv2DOptions { Padding = Padding.Valid }, [1, 1, 5, 3], expanded, w, b);
        var squeezed = g.Apply(BuiltinOperator.Reshape, null, [1, 5, 3], conv, g.IntConstant("squeeze", [3], 1, 5, 3));
        var scale = GraphBuilder.RandomValues(r, 3, 0.5f, 2f);
        var offset = GraphBuilder.RandomValues(r, 3);
        var mul = g.Apply(BuiltinOperator.Mul, new MulOptions(), [1, 5, 3], squeezed, g.Constant("s", [3], scale));
        var add = g.Apply(BuiltinOperator.Add, new AddOptions(), [1, 5, 3], mul, g.Constant("o", [3], offset));
        g.Output(g.Apply(BuiltinOperator.Relu, null, [1, 5, 3], add));

        ConverterPasses.Apply(g.Graph);

        Assert.Equal([BuiltinOperator.Reshape, BuiltinOperator.Conv2D, BuiltinOperator.Reshape], g.Codes);
        var folded = g.Main.Operators[1];
        Assert.Equal(ActivationFunction.Relu, folded.GetOptions<Conv2DOptions>().FusedActivation);
        var input = GraphBuilder.RandomValues(r, 14);
        var expected = ScaleShift(Conv2D(input, xs, wv, [3, 1, 3, 2], bv, 1), scale, offset).Select(v => Math.Max(v, 0f)).ToArray();
        var actual = Conv2D(input, xs, folded.Inputs[1]!.GetData<float>().ToArray(), [3, 1, 3, 2], folded.Inputs[2]!.GetData<float>().ToArray(), 1)
            .Select(v => Math.Max(v, 0f)).ToArray();
        AssertClose(expected, actual);
    }

    [Fact]
    public void A_constant_that_is_not_the_tail_of_both_shapes_blocks_the_move()
    {
        var g = new GraphBuilder();
        var x = g.Input("x", 1, 6);
        var reshaped = g.Apply(BuiltinOperator.Reshape, null, [1, 2, 3], x, g.IntConstant("shape", [3], 1, 2, 3));
        g.Output(g.Apply(BuiltinOperator.Mul, new MulOptions(), [1, 2, 3], reshaped, g.Constant("c", [3], 1, 2, 3)));
        Assert.False(new MoveElementwiseBeforeReshape().Run(g.Graph));
    }

    [Fact]
    public void A_reshape_read_elsewhere_or_a_non_elementwise_follower_stays()
    {
        var g = new GraphBuilder();
        var x = g.Input("x", 1, 6);
        var reshaped = g.Apply(BuiltinOperator.Reshape, null, [2, 3], x, g.IntConstant("shape", [2], 2, 3));
        g.Output(g.Apply(BuiltinOperator.Relu, null, [2, 3], reshaped));
        g.Output(g.Apply(BuiltinOperator.Softmax, new SoftmaxOptions(), [2, 3], reshaped));
        Assert.False(new MoveElementwiseBeforeReshape().Run(g.Graph));
        Assert.Equal([BuiltinOperator.Reshape, BuiltinOperator.Relu, BuiltinOperator.Softmax], g.Codes);
    }
}
