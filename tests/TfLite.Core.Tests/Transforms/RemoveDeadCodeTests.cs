using TfLite.Core.Graph;
using TfLite.Core.Transforms;
using Xunit;

namespace TfLite.Core.Tests.Transforms;

public class RemoveDeadCodeTests
{
    [Fact]
    public void Operators_that_reach_no_output_go_with_their_tensors_and_constants()
    {
        var g = new GraphBuilder();
        var x = g.Input("x", 1, 4);
        var live = g.Apply(BuiltinOperator.Relu, null, [1, 4], x);
        var deadConst = g.Constant("dead_c", [4], 1, 2, 3, 4);
        var dead1 = g.Apply(BuiltinOperator.Add, new AddOptions(), [1, 4], x, deadConst);
        g.Apply(BuiltinOperator.Tanh, null, [1, 4], dead1);
        var orphan = g.Float("orphan", 3);
        g.Output(live);

        Assert.True(new RemoveDeadCode().Run(g.Graph));

        Assert.Equal([BuiltinOperator.Relu], g.Codes);
        Assert.Equal([x, live], g.Main.Tensors);
        Assert.DoesNotContain(deadConst, g.Main.Tensors);
        Assert.DoesNotContain(orphan, g.Main.Tensors);
        Assert.False(new RemoveDeadCode().Run(g.Graph));
    }

    [Fact]
    public void Graph_inputs_stay_even_when_unused()
    {
        var g = new GraphBuilder();
        var x = g.Input("x", 1, 4);
        var unused = g.Input("unused", 1, 4);
        g.Output(g.Apply(BuiltinOperator.Relu, null, [1, 4], x));
        Assert.False(new RemoveDeadCode().Run(g.Graph));
        Assert.Contains(unused, g.Main.Tensors);
    }

    [Fact]
    public void Assign_variable_and_stateful_operators_stay()
    {
        var g = new GraphBuilder();
        var x = g.Input("x", 1, 4);
        var handle = g.Typed("handle", TensorType.Resource, 1);
        g.Op(BuiltinOperator.VarHandle, new VarHandleOptions { SharedName = "v" }, [], handle);
        g.Op(BuiltinOperator.AssignVariable, null, [handle, x]);
        var state = g.Float("state", 1, 4);
        state.IsVariable = true;
        g.Apply(BuiltinOperator.Add, new AddOptions(), [1, 4], x, state);
        g.Output(g.Apply(BuiltinOperator.Relu, null, [1, 4], x));

        Assert.False(new RemoveDeadCode().Run(g.Graph));
        Assert.Equal([BuiltinOperator.VarHandle, BuiltinOperator.AssignVariable, BuiltinOperator.Add, BuiltinOperator.Relu], g.Codes);
    }

    [Fact]
    public void Signature_outputs_keep_their_producers_alive()
    {
        var g = new GraphBuilder();
        var x = g.Input("x", 1, 4);
        g.Output(g.Apply(BuiltinOperator.Relu, null, [1, 4], x));
        var extra = g.Apply(BuiltinOperator.Tanh, null, [1, 4], x);
        var sig = new SignatureDef();
        sig.Outputs.Add(KeyValuePair.Create("extra", extra));
        g.Graph.SignatureDefs.Add(sig);

        Assert.False(new RemoveDeadCode().Run(g.Graph));
        Assert.Equal(2, g.Main.Operators.Count);
    }

    [Fact]
    public void Every_subgraph_is_cleaned()
    {
        var g = new GraphBuilder();
        g.Output(g.Apply(BuiltinOperator.Relu, null, [1, 2], g.Input("x", 1, 2)));
        var second = new Subgraph { Name = "body" };
        var a = second.AddTensor(new Tensor("a", TensorType.Float32, [2]));
        second.Inputs.Add(a);
        second.AddOperator(new Operator(BuiltinOperator.Neg, [a], [second.AddTensor(new Tensor("n", TensorType.Float32, [2]))]));
        g.Graph.Subgraphs.Add(second);

        Assert.True(new RemoveDeadCode().Run(g.Graph));
        Assert.Empty(second.Operators);
        Assert.Equal([a], second.Tensors);
    }
}
