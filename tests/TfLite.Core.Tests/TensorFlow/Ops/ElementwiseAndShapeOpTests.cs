using TfLite.Core.Graph;
using TfLite.Core.Tests.TensorFlow.Infrastructure;
using Xunit;
using static TfLite.Core.Tests.TensorFlow.Infrastructure.TfGraphBuilder;

namespace TfLite.Core.Tests.TensorFlow.Ops;

/// <summary>Elementwise, activation and shape ops of TF1 graphs, held to their plain math.</summary>
public class ElementwiseAndShapeOpTests
{
    private static readonly float[] Input = Random(24, seed: 21, scale: 3f);

    private static float[] Convert1(Action<TfGraphBuilder> body, int[] shape, out TfLiteGraph graph)
    {
        var g = new TfGraphBuilder();
        g.Placeholder("x", shape);
        body(g);
        graph = TfConversion.Convert(g);
        return TfConversion.Run(graph, Input[..(int)Shape.ElementCount(shape)]).Values;
    }

    public static TheoryData<string, Func<float, float, float>> BinaryCases() => new()
    {
        { "Add", (a, b) => a + b }, { "AddV2", (a, b) => a + b }, { "Sub", (a, b) => a - b }, { "Mul", (a, b) => a * b },
        { "RealDiv", (a, b) => a / b }, { "Maximum", Math.Max }, { "Minimum", Math.Min }, { "SquaredDifference", (a, b) => (a - b) * (a - b) },
    };

    [Theory]
    [MemberData(nameof(BinaryCases))]
    public void BinaryOpsBroadcastAConstantOverTheLastAxis(string op, Func<float, float, float> math)
    {
        float[] c = [0.5f, -2f, 1.25f, 3f];
        var actual = Convert1(g => { g.Const("c", c, 4); g.FloatOp(op, "y", ["x", "c"]); }, [2, 3, 4], out _);
        TfConversion.AssertClose([.. Input.Select((v, i) => math(v, c[i % 4]))], actual);
    }

    public static TheoryData<string, Func<float, float>> ActivationCases() => new()
    {
        { "Relu", v => Math.Max(v, 0) }, { "Relu6", v => Math.Clamp(v, 0, 6) }, { "LeakyRelu", v => v < 0 ? 0.3f * v : v },
        { "Elu", v => v < 0 ? MathF.Exp(v) - 1 : v }, { "Sigmoid", v => 1 / (1 + MathF.Exp(-v)) }, { "Tanh", MathF.Tanh },
    };

    [Theory]
    [MemberData(nameof(ActivationCases))]
    public void ActivationsMatchTheirDefinitions(string op, Func<float, float> math)
    {
        var actual = Convert1(g => g.FloatOp(op, "y", ["x"], ("alpha", Float(0.3f))), [2, 12], out _);
        TfConversion.AssertClose(TfReference.Map(Input, math), actual, 1e-5f);
    }

    [Fact]
    public void SoftmaxNormalizesTheLastAxis()
    {
        var actual = Convert1(g => g.FloatOp("Softmax", "y", ["x"]), [4, 6], out _);
        for (var r = 0; r < 4; r++)
        {
            var row = Input.Skip(r * 6).Take(6).ToArray();
            var sum = row.Sum(v => MathF.Exp(v));
            TfConversion.AssertClose([.. row.Select(v => MathF.Exp(v) / sum)], actual[(r * 6)..(r * 6 + 6)], 1e-5f);
        }
    }

    [Fact]
    public void MeanOverSpatialAxesKeepsDimsWhenAsked()
    {
        var actual = Convert1(g => { g.IntConst("axes", [1, 2], 2); g.FloatOp("Mean", "y", ["x", "axes"], ("keep_dims", Bool(true)), ("Tidx", Type(TfLite.Core.TensorFlow.Protos.DataType.DtInt32))); }, [1, 3, 2, 4], out var graph);
        Assert.Equal([1, 1, 1, 4], graph.Outputs[0].Shape);
        TfConversion.AssertClose([.. Enumerable.Range(0, 4).Select(c => Enumerable.Range(0, 6).Average(p => Input[p * 4 + c]))], actual);
    }

    [Fact]
    public void ReshapeSqueezeAndExpandDimsChangeOnlyTheShape()
    {
        var actual = Convert1(g =>
        {
            g.IntConst("shape", [-1, 6], 2);
            g.Op("Reshape", "r", ["x", "shape"], ("T", Type()));
            g.IntConst("axis", [1], 1);
            g.Op("ExpandDims", "e", ["r", "axis"], ("T", Type()));
            g.Op("Squeeze", "y", ["e"], ("T", Type()), ("squeeze_dims", Ints(1)));
        }, [2, 3, 4], out var graph);
        Assert.Equal([4, 6], graph.Outputs[0].Shape);
        Assert.Equal(Input, actual);
    }

    [Fact]
    public void ConcatPackPadAndTransposeMoveValuesAsNumPyDoes()
    {
        // x [2, 3] -> concat with itself on axis 1 -> [2, 6] -> transpose -> [6, 2] -> pad one row above -> [7, 2].
        var actual = Convert1(g =>
        {
            g.IntConst("axis", [1]);
            g.Op("ConcatV2", "cat", ["x", "x", "axis"], ("T", Type()), ("N", Int(2)));
            g.IntConst("perm", [1, 0], 2);
            g.Op("Transpose", "t", ["cat", "perm"], ("T", Type()));
            g.IntConst("pads", [1, 0, 0, 0], 2, 2);
            g.Op("Pad", "y", ["t", "pads"], ("T", Type()));
        }, [2, 3], out var graph);
        Assert.Equal([7, 2], graph.Outputs[0].Shape);
        var x = Input[..6];
        var expected = new List<float> { 0, 0 };
        for (var col = 0; col < 6; col++)
            for (var row = 0; row < 2; row++) expected.Add(x[row * 3 + col % 3]);
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void PackStacksOnANewAxis()
    {
        var actual = Convert1(g => g.Op("Pack", "y", ["x", "x"], ("T", Type()), ("N", Int(2)), ("axis", Int(1))), [2, 3], out var graph);
        Assert.Equal([2, 2, 3], graph.Outputs[0].Shape);
        var x = Input[..6];
        Assert.Equal([.. x[..3], .. x[..3], .. x[3..], .. x[3..]], actual);
    }

    [Fact]
    public void StridedSliceOfARunTimeTensorTakesTheSlice()
    {
        var actual = Convert1(g =>
        {
            g.IntConst("begin", [0, 1], 2);
            g.IntConst("end", [0, 4], 2);
            g.IntConst("strides", [1, 2], 2);
            g.Op("StridedSlice", "y", ["x", "begin", "end", "strides"], ("T", Type()), ("Index", Type(TfLite.Core.TensorFlow.Protos.DataType.DtInt32)),
                ("begin_mask", Int(1)), ("end_mask", Int(1)));
        }, [3, 4], out var graph);
        Assert.Equal([3, 2], graph.Outputs[0].Shape);
        Assert.Equal([Input[1], Input[3], Input[5], Input[7], Input[9], Input[11]], actual);
    }

    [Fact]
    public void ResizeToASizeComputedFromTheInputShapeIsFoldedToAConstant()
    {
        // The guide's pattern: size = tf.shape(x)[1:3] * 2.
        var actual = Convert1(g =>
        {
            g.Op("Shape", "s", ["x"], ("T", Type()), ("out_type", Type(TfLite.Core.TensorFlow.Protos.DataType.DtInt32)));
            g.IntConst("b", [1], 1);
            g.IntConst("e", [3], 1);
            g.IntConst("st", [1], 1);
            g.Op("StridedSlice", "hw", ["s", "b", "e", "st"], ("T", Type(TfLite.Core.TensorFlow.Protos.DataType.DtInt32)), ("Index", Type(TfLite.Core.TensorFlow.Protos.DataType.DtInt32)));
            g.IntConst("two", [2]);
            g.Op("Mul", "size", ["hw", "two"], ("T", Type(TfLite.Core.TensorFlow.Protos.DataType.DtInt32)));
            g.FloatOp("ResizeBilinear", "y", ["x", "size"], ("align_corners", Bool(false)), ("half_pixel_centers", Bool(false)));
        }, [1, 2, 3, 4], out var graph);
        Assert.Equal([BuiltinOperator.ResizeBilinear], graph.Main.Operators.Select(o => o.Code));
        Assert.Equal([1, 4, 6, 4], graph.Outputs[0].Shape);
        TfConversion.AssertClose(TfReference.ResizeBilinear(Input, [1, 2, 3, 4], 4, 6), actual);
    }

    [Fact]
    public void TrainingOnlyNodesAndTheMaximumTrickVanish()
    {
        var actual = Convert1(g =>
        {
            g.FloatOp("Identity", "dropout/Identity", ["x"]);
            g.FloatOp("StopGradient", "sg", ["dropout/Identity"]);
            g.Op("NoOp", "init", []);
            g.FloatOp("Relu", "relu", ["sg", "^init"]);
            g.Scalar("floor", -1e27f);
            g.FloatOp("Maximum", "y", ["relu", "floor"]);
        }, [2, 12], out var graph);
        Assert.Equal([BuiltinOperator.Relu], graph.Main.Operators.Select(o => o.Code));
        Assert.Equal("y", graph.Outputs[0].Name);
        TfConversion.AssertClose(TfReference.Map(Input, v => Math.Max(v, 0)), actual);
    }
}
