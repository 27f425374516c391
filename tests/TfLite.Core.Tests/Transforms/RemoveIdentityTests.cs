using TfLite.Core.Graph;
using TfLite.Core.Transforms;
using Xunit;

namespace TfLite.Core.Tests.Transforms;

public class RemoveIdentityTests
{
    /// <summary>x -> identity candidate -> TANH -> output; returns the graph and x.</summary>
    private static (GraphBuilder G, Tensor X, Tensor Tanh) Around(Func<GraphBuilder, Tensor, Tensor> candidate, params int[] shape)
    {
        var g = new GraphBuilder();
        var x = g.Input("x", shape);
        var y = candidate(g, x);
        var tanh = g.Apply(BuiltinOperator.Tanh, null, y.Shape, y);
        g.Output(tanh);
        return (g, x, tanh);
    }

    private static void AssertRemoved(GraphBuilder g, Tensor x)
    {
        var op = Assert.Single(g.Main.Operators);
        Assert.Equal(BuiltinOperator.Tanh, op.Code);
        Assert.Same(x, op.Inputs[0]);
        // Only the input and the TANH output remain: the identity's output and constants are gone.
        Assert.Equal(2, g.Main.Tensors.Count);
    }

    public static TheoryData<string> Identities => new()
    {
        "reshape-same-shape", "squeeze-nothing", "transpose-identity", "concat-one", "pad-zero", "mirror-pad-zero",
        "mul-one", "one-mul", "add-zero", "sub-zero", "div-one", "cast-same",
    };

    private static Tensor Build(string kind, GraphBuilder g, Tensor x) => kind switch
    {
        "reshape-same-shape" => g.Apply(BuiltinOperator.Reshape, null, [2, 3], x, g.IntConstant("shape", [2], 2, 3)),
        "squeeze-nothing" => g.Apply(BuiltinOperator.Squeeze, new SqueezeOptions(), [2, 3], x),
        "transpose-identity" => g.Apply(BuiltinOperator.Transpose, null, [2, 3], x, g.IntConstant("perm", [2], 0, 1)),
        "concat-one" => g.Apply(BuiltinOperator.Concatenation, new ConcatenationOptions { Axis = 1 }, [2, 3], x),
        "pad-zero" => g.Apply(BuiltinOperator.Pad, null, [2, 3], x, g.IntConstant("pads", [2, 2], 0, 0, 0, 0)),
        "mirror-pad-zero" => g.Apply(BuiltinOperator.MirrorPad, new MirrorPadOptions(), [2, 3], x, g.IntConstant("pads", [2, 2], 0, 0, 0, 0)),
        "mul-one" => g.Apply(BuiltinOperator.Mul, new MulOptions(), [2, 3], x, g.Constant("one", [3], 1, 1, 1)),
        "one-mul" => g.Apply(BuiltinOperator.Mul, new MulOptions(), [2, 3], g.Constant("one", [], 1), x),
        "add-zero" => g.Apply(BuiltinOperator.Add, new AddOptions(), [2, 3], x, g.Constant("zero", [1, 3], 0, 0, 0)),
        "sub-zero" => g.Apply(BuiltinOperator.Sub, new SubOptions(), [2, 3], x, g.Constant("zero", [], 0)),
        "div-one" => g.Apply(BuiltinOperator.Div, new DivOptions(), [2, 3], x, g.Constant("one", [], 1)),
        "cast-same" => g.Apply(BuiltinOperator.Cast, new CastOptions { InDataType = TensorType.Float32, OutDataType = TensorType.Float32 }, [2, 3], x),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    [Theory]
    [MemberData(nameof(Identities))]
    public void Identities_are_removed_and_readers_rewired(string kind)
    {
        var (g, x, _) = Around((g, x) => Build(kind, g, x), 2, 3);
        Assert.True(new RemoveIdentity().Run(g.Graph));
        AssertRemoved(g, x);
    }

    public static TheoryData<string> NonIdentities => new()
    {
        "reshape-other", "transpose-swap", "pad-one", "mul-two", "mul-one-relu", "add-broadcast-grows", "sub-from-zero", "div-into-one",
    };

    [Theory]
    [MemberData(nameof(NonIdentities))]
    public void Operators_that_change_values_or_shapes_stay(string kind)
    {
        var (g, _, _) = Around((g, x) => kind switch
        {
            "reshape-other" => g.Apply(BuiltinOperator.Reshape, null, [3, 2], x, g.IntConstant("shape", [2], 3, 2)),
            "transpose-swap" => g.Apply(BuiltinOperator.Transpose, null, [3, 2], x, g.IntConstant("perm", [2], 1, 0)),
            "pad-one" => g.Apply(BuiltinOperator.Pad, null, [2, 5], x, g.IntConstant("pads", [2, 2], 0, 0, 1, 1)),
            "mul-two" => g.Apply(BuiltinOperator.Mul, new MulOptions(), [2, 3], x, g.Constant("two", [], 2)),
            "mul-one-relu" => g.Apply(BuiltinOperator.Mul, new MulOptions { FusedActivation = ActivationFunction.Relu }, [2, 3], x, g.Constant("one", [], 1)),
            "add-broadcast-grows" => g.Apply(BuiltinOperator.Add, new AddOptions(), [4, 2, 3], x, g.Constant("zero", [4, 1, 1], 0, 0, 0, 0)),
            "sub-from-zero" => g.Apply(BuiltinOperator.Sub, new SubOptions(), [2, 3], g.Constant("zero", [], 0), x),
            "div-into-one" => g.Apply(BuiltinOperator.Div, new DivOptions(), [2, 3], g.Constant("one", [], 1), x),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        }, 2, 3);
        Assert.False(new RemoveIdentity().Run(g.Graph));
        Assert.Equal(2, g.Main.Operators.Count);
    }

    [Fact]
    public void A_reshape_that_drops_a_dynamic_batch_is_not_an_identity()
    {
        var g = new GraphBuilder();
        var x = g.Input("x", 1, 4);
        x.ShapeSignature = [-1, 4];
        g.Output(g.Apply(BuiltinOperator.Reshape, new ReshapeOptions { NewShape = [1, 4] }, [1, 4], x));
        Assert.False(new RemoveIdentity().Run(g.Graph));
    }

    [Fact]
    public void Chained_reshapes_become_one()
    {
        var g = new GraphBuilder();
        var x = g.Input("x", 1, 2, 3);
        var first = g.Apply(BuiltinOperator.Reshape, null, [6], x, g.IntConstant("s1", [1], 6));
        var second = g.Apply(BuiltinOperator.Reshape, null, [3, 2], first, g.IntConstant("s2", [2], 3, 2));
        g.Output(second);

        Assert.True(new RemoveIdentity().Run(g.Graph));

        var op = Assert.Single(g.Main.Operators);
        Assert.Same(x, op.Inputs[0]);
        Assert.Same(second, op.Outputs[0]);
        Assert.Equal([3, 2], op.Inputs[1]!.GetData<int>().ToArray());
        Assert.DoesNotContain(g.Main.Tensors, t => t.Name == "s1");
    }

    [Fact]
    public void An_inner_reshape_read_elsewhere_stays_for_that_reader()
    {
        var g = new GraphBuilder();
        var x = g.Input("x", 1, 2, 3);
        var first = g.Apply(BuiltinOperator.Reshape, null, [6], x, g.IntConstant("s1", [1], 6));
        g.Output(g.Apply(BuiltinOperator.Reshape, null, [3, 2], first, g.IntConstant("s2", [2], 3, 2)));
        g.Output(g.Apply(BuiltinOperator.Tanh, null, [6], first));

        Assert.True(new RemoveIdentity().Run(g.Graph));

        Assert.Equal(3, g.Main.Operators.Count);
        Assert.Same(x, g.Main.Operators[1].Inputs[0]);
    }

    [Fact]
    public void An_identity_writing_a_graph_output_hands_the_output_to_the_producer()
    {
        var g = new GraphBuilder();
        var x = g.Input("x", 2, 3);
        var tanh = g.Apply(BuiltinOperator.Tanh, null, [2, 3], x);
        var y = g.Apply(BuiltinOperator.Reshape, null, [2, 3], tanh, g.IntConstant("shape", [2], 2, 3));
        g.Output(y);
        var sig = new SignatureDef();
        sig.Outputs.Add(KeyValuePair.Create("out", y));
        g.Graph.SignatureDefs.Add(sig);

        Assert.True(new RemoveIdentity().Run(g.Graph));

        var op = Assert.Single(g.Main.Operators);
        Assert.Same(y, op.Outputs[0]);
        Assert.Same(y, g.Main.Outputs[0]);
        Assert.Same(y, sig.Outputs[0].Value);
        Assert.Equal([x, y], g.Main.Tensors);
    }

    [Fact]
    public void An_identity_from_a_graph_input_to_a_graph_output_stays()
    {
        var g = new GraphBuilder();
        var x = g.Input("x", 2, 3);
        g.Output(g.Apply(BuiltinOperator.Reshape, new ReshapeOptions { NewShape = [2, 3] }, [2, 3], x));
        Assert.False(new RemoveIdentity().Run(g.Graph));
        Assert.Single(g.Main.Operators);
    }

    [Fact]
    public void Other_readers_of_the_identity_output_are_rewired_too()
    {
        var g = new GraphBuilder();
        var x = g.Input("x", 2, 3);
        var y = g.Apply(BuiltinOperator.Transpose, null, [2, 3], x, g.IntConstant("perm", [2], 0, 1));
        g.Output(g.Apply(BuiltinOperator.Tanh, null, [2, 3], y));
        g.Output(g.Apply(BuiltinOperator.Add, new AddOptions(), [2, 3], y, y));

        Assert.True(new RemoveIdentity().Run(g.Graph));

        Assert.Equal([BuiltinOperator.Tanh, BuiltinOperator.Add], g.Codes);
        Assert.All(g.Main.Operators.SelectMany(o => o.Inputs), t => Assert.Same(x, t));
    }
}
