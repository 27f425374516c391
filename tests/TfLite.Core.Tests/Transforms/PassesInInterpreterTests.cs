using TfLite.Core.Graph;
using TfLite.Core.Transforms;
using Xunit;

namespace TfLite.Core.Tests.Transforms;

/// <summary>The optimized graph must compute what the naive lowering computes, both run by the interpreter.</summary>
public class PassesInInterpreterTests
{
    /// <summary>Conv2D(no bias)+BN+ReLU6 -> DepthwiseConv2D+BN+ReLU -> MaxPool -> Flatten -> Dense+BN+ReLU -> Dense -> softmax.</summary>
    private static TfLiteGraph NaiveMobileNetLikeModel()
    {
        var g = new GraphBuilder();
        var r = new Random(21);
        var x = g.Input("input", 1, 8, 8, 3);
        Tensor Bn(Tensor t, int channels, string name)
        {
            var mul = g.Apply(BuiltinOperator.Mul, new MulOptions(), t.Shape, t, g.Constant(name + "/scale", [channels], GraphBuilder.RandomValues(r, channels, 0.5f, 1.5f)));
            return g.Apply(BuiltinOperator.Add, new AddOptions(), t.Shape, mul, g.RandomConstant(name + "/offset", r, channels));
        }
        var conv = g.Apply(BuiltinOperator.Conv2D, new Conv2DOptions { Padding = Padding.Same, StrideH = 2, StrideW = 2 }, [1, 4, 4, 6], x, g.RandomConstant("conv/w", r, 6, 3, 3, 3), null);
        var a1 = g.Apply(BuiltinOperator.Relu6, null, [1, 4, 4, 6], Bn(conv, 6, "bn1"));
        var dw = g.Apply(BuiltinOperator.DepthwiseConv2D, new DepthwiseConv2DOptions { Padding = Padding.Same, DepthMultiplier = 2 }, [1, 4, 4, 12], a1, g.RandomConstant("dw/w", r, 1, 3, 3, 12), g.RandomConstant("dw/b", r, 12));
        var a2 = g.Apply(BuiltinOperator.Relu, null, [1, 4, 4, 12], Bn(dw, 12, "bn2"));
        var pool = g.Apply(BuiltinOperator.MaxPool2D, new Pool2DOptions { FilterHeight = 2, FilterWidth = 2, StrideH = 2, StrideW = 2, Padding = Padding.Valid }, [1, 2, 2, 12], a2);
        var flat = g.Apply(BuiltinOperator.Reshape, null, [1, 48], pool, g.IntConstant("flatten/shape", [2], -1, 48));
        var fc1 = g.Apply(BuiltinOperator.FullyConnected, new FullyConnectedOptions(), [1, 8], flat, g.RandomConstant("fc1/w", r, 8, 48), g.RandomConstant("fc1/b", r, 8));
        var a3 = g.Apply(BuiltinOperator.Relu, null, [1, 8], Bn(fc1, 8, "bn3"));
        var fc2 = g.Apply(BuiltinOperator.FullyConnected, new FullyConnectedOptions(), [1, 4], a3, g.RandomConstant("fc2/w", r, 4, 8), g.RandomConstant("fc2/b", r, 4));
        g.Output(g.Apply(BuiltinOperator.Softmax, new SoftmaxOptions(), [1, 4], fc2));
        return g.Graph;
    }

    private static float[] Run(TfLiteGraph graph, float[] input)
    {
        var interpreter = new TfLite.Core.Interpreter.Interpreter(graph);
        interpreter.SetInput(0, input);
        interpreter.Invoke();
        return interpreter.GetOutputArray<float>(0);
    }

    [Fact]
    public void Optimized_and_naive_graphs_agree()
    {
        var naive = NaiveMobileNetLikeModel();
        var optimized = naive.Clone();
        ConverterPasses.Apply(optimized);

        Assert.Equal(
            [BuiltinOperator.Conv2D, BuiltinOperator.DepthwiseConv2D, BuiltinOperator.MaxPool2D, BuiltinOperator.Reshape,
             BuiltinOperator.FullyConnected, BuiltinOperator.FullyConnected, BuiltinOperator.Softmax],
            optimized.Main.Operators.Select(o => o.Code));
        Assert.Equal(ActivationFunction.Relu6, optimized.Main.Operators[0].GetOptions<Conv2DOptions>().FusedActivation);
        Assert.Equal(ActivationFunction.Relu, optimized.Main.Operators[1].GetOptions<DepthwiseConv2DOptions>().FusedActivation);
        Assert.Equal(ActivationFunction.Relu, optimized.Main.Operators[4].GetOptions<FullyConnectedOptions>().FusedActivation);

        var random = new Random(4);
        for (var trial = 0; trial < 3; trial++)
        {
            var input = GraphBuilder.RandomValues(random, 8 * 8 * 3, -2f, 2f);
            ReferenceKernels.AssertClose(Run(naive, input), Run(optimized, input));
        }
    }
}
