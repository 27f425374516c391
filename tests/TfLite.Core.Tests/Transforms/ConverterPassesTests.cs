using TfLite.Core.Graph;
using TfLite.Core.Transforms;
using Xunit;
using static TfLite.Core.Tests.Transforms.ReferenceKernels;

namespace TfLite.Core.Tests.Transforms;

public class ConverterPassesTests
{
    /// <summary>Conv2D(no bias) -> BatchNormalization -> ReLU -> Flatten -> Dense -> Dropout(no op) -> softmax,
    /// lowered naively the way the importer does.</summary>
    private static (GraphBuilder G, Func<float[], float[]> Reference) NaiveConvBnReluDense()
    {
        var g = new GraphBuilder();
        var random = new Random(11);
        int[] xs = [1, 5, 5, 2];
        var x = g.Input("input", xs);
        x.ShapeSignature = [-1, 5, 5, 2];
        var w = g.RandomConstant("conv/kernel", random, 3, 2, 2, 2);
        var wv = w.GetData<float>().ToArray();
        var conv = g.Apply(BuiltinOperator.Conv2D, new Conv2DOptions { Padding = Padding.Valid }, [1, 4, 4, 3], x, w, null);
        var scale = GraphBuilder.RandomValues(random, 3, 0.5f, 2f);
        var offset = GraphBuilder.RandomValues(random, 3);
        var mul = g.Apply(BuiltinOperator.Mul, new MulOptions(), [1, 4, 4, 3], conv, g.Constant("bn/scale", [3], scale));
        var add = g.Apply(BuiltinOperator.Add, new AddOptions(), [1, 4, 4, 3], mul, g.Constant("bn/offset", [3], offset));
        var relu = g.Apply(BuiltinOperator.Relu, null, [1, 4, 4, 3], add);
        var flat = g.Apply(BuiltinOperator.Reshape, null, [1, 48], relu, g.IntConstant("flatten/shape", [2], -1, 48));
        var dw = g.RandomConstant("dense/kernel", random, 2, 48);
        var db = g.RandomConstant("dense/bias", random, 2);
        var (dwv, dbv) = (dw.GetData<float>().ToArray(), db.GetData<float>().ToArray());
        var dense = g.Apply(BuiltinOperator.FullyConnected, new FullyConnectedOptions(), [1, 2], flat, dw, db);
        var softmax = g.Apply(BuiltinOperator.Softmax, new SoftmaxOptions(), [1, 2], dense);
        g.Output(softmax);
        g.Graph.SignatureDefs.Add(new SignatureDef { Inputs = { KeyValuePair.Create("input", x) }, Outputs = { KeyValuePair.Create("output", softmax) } });

        float[] Reference(float[] input)
        {
            var y = ScaleShift(Conv2D(input, xs, wv, [3, 2, 2, 2], null, 1), scale, offset).Select(v => Math.Max(v, 0f)).ToArray();
            return FullyConnected(y, 1, dwv, [2, 48], dbv);
        }
        return (g, Reference);
    }

    [Fact]
    public void A_naive_lowering_becomes_what_the_tensorflow_converter_emits()
    {
        var (g, reference) = NaiveConvBnReluDense();
        ConverterPasses.Apply(g.Graph);

        Assert.Equal([BuiltinOperator.Conv2D, BuiltinOperator.Reshape, BuiltinOperator.FullyConnected, BuiltinOperator.Softmax], g.Codes);
        var conv = g.Main.Operators[0];
        Assert.Equal(ActivationFunction.Relu, conv.GetOptions<Conv2DOptions>().FusedActivation);
        Assert.DoesNotContain(g.Main.Tensors, t => t.Name.StartsWith("bn/", StringComparison.Ordinal));
        // Every tensor left is used: input, conv weights/bias/output, shape, reshape output, dense weights/bias/output, softmax output.
        Assert.Equal(10, g.Main.Tensors.Count);

        var random = new Random(2);
        var input = GraphBuilder.RandomValues(random, 50);
        var convOut = Conv2D(input, [1, 5, 5, 2], conv.Inputs[1]!.GetData<float>().ToArray(), [3, 2, 2, 2], conv.Inputs[2]!.GetData<float>().ToArray(), 1)
            .Select(v => Math.Max(v, 0f)).ToArray();
        var dense = g.Main.Operators[2];
        var actual = FullyConnected(convOut, 1, dense.Inputs[1]!.GetData<float>().ToArray(), [2, 48], dense.Inputs[2]!.GetData<float>().ToArray());
        AssertClose(reference(input), actual);
    }

    [Fact]
    public void A_second_apply_changes_nothing()
    {
        var (g, _) = NaiveConvBnReluDense();
        Assert.True(ConverterPasses.Apply(g.Graph, ConverterPassOptions.Default) > 0);
        var ops = g.Main.Operators.Select(o => o.ToString()).ToArray();
        var tensors = g.Main.Tensors.Select(t => (t.Name, t.Data is null ? "" : Convert.ToBase64String(t.Data))).ToArray();

        Assert.Equal(0, ConverterPasses.Apply(g.Graph, ConverterPassOptions.Default));
        Assert.Equal(ops, g.Main.Operators.Select(o => o.ToString()).ToArray());
        Assert.Equal(tensors, g.Main.Tensors.Select(t => (t.Name, t.Data is null ? "" : Convert.ToBase64String(t.Data))).ToArray());
        Assert.All(ConverterPasses.Create(ConverterPassOptions.Default), p => Assert.False(p.Run(g.Graph), p.Name));
    }

    [Fact]
    public void Batch_norm_after_a_relu_convolution_stays_as_tensorflow_leaves_it()
    {
        // iesd-afnet: Conv2D(relu) -> BatchNormalization -> MaxPooling2D; TF's own .tflite keeps CONV_2D, MUL, ADD, MAX_POOL_2D.
        var g = new GraphBuilder();
        var x = g.Input("x", 1, 8, 1, 1);
        var conv = g.Apply(BuiltinOperator.Conv2D, new Conv2DOptions { Padding = Padding.Same }, [1, 8, 1, 3], x, g.Constant("w", [3, 5, 1, 1], new float[15]), g.Constant("b", [3], 0, 0, 0));
        var relu = g.Apply(BuiltinOperator.Relu, null, [1, 8, 1, 3], conv);
        var mul = g.Apply(BuiltinOperator.Mul, new MulOptions(), [1, 8, 1, 3], relu, g.Constant("s", [3], 1, 2, 3));
        var add = g.Apply(BuiltinOperator.Add, new AddOptions(), [1, 8, 1, 3], mul, g.Constant("o", [3], 1, 2, 3));
        g.Output(g.Apply(BuiltinOperator.MaxPool2D, new Pool2DOptions { FilterHeight = 2, StrideH = 2 }, [1, 4, 1, 3], add));

        ConverterPasses.Apply(g.Graph);

        Assert.Equal([BuiltinOperator.Conv2D, BuiltinOperator.Mul, BuiltinOperator.Add, BuiltinOperator.MaxPool2D], g.Codes);
        Assert.Equal(ActivationFunction.Relu, g.Main.Operators[0].GetOptions<Conv2DOptions>().FusedActivation);
    }

    [Fact]
    public void Null_graph_is_rejected()
    {
        Assert.Throws<ArgumentNullException>(() => ConverterPasses.Apply(null!));
    }
}
