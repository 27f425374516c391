using TfLite.Core.TensorFlow.Files;
using TfLite.Core.TensorFlow.Protos;
using TfLite.Core.TensorFlow.SavedModel;
using TfLite.Core.Tests.TensorFlow.Infrastructure;
using Xunit;
using static TfLite.Core.Tests.TensorFlow.Infrastructure.SavedModelWriter;
using static TfLite.Core.Tests.TensorFlow.Infrastructure.TfGraphBuilder;

namespace TfLite.Core.Tests.TensorFlow.SavedModel;

/// <summary>How function bodies map onto the flat graph: output argument names to output indices (the order of the
/// ops' output arguments in TensorFlow's OpDefs), arguments to the caller's tensors, call nodes to IdentityN.</summary>
public class FunctionInlinerTests
{
    private static NodeDef Inlined(GraphDef graph, string name) => graph.Node.Single(n => n.Name == name);

    [Theory]
    [InlineData("TopKV2", "indices", 1)]       // TopKV2 outputs values, indices
    [InlineData("FusedBatchNormV3", "batch_variance", 2)] // y, batch_mean, batch_variance, reserve_space_1..3
    [InlineData("Unique", "idx", 1)]           // y, idx
    [InlineData("Split", "output", 3)]         // one list argument: the index counts within it
    public void NamedOutputArgumentsBecomeOutputIndices(string op, string arg, int expected)
    {
        var w = new SavedModelWriter();
        w.Graph.Node.Add(new NodeDef { Name = "x", Op = "Placeholder", Attr = { ["dtype"] = Type() } });
        var f = w.Function("f", [("a", DataType.DtFloat)], [("out", DataType.DtFloat)]);
        Node(f, op, "node", ["a"]);
        f.Ret["out"] = op == "Split" ? "node:output:3" : $"node:{arg}:0";
        w.Graph.Node.Add(new NodeDef { Name = "call", Op = "PartitionedCall", Input = { "x" }, Attr = { ["f"] = Func("f") } });

        var flat = new FunctionInliner(w.Graph.Library, null).Inline(w.Graph, ["call"]);

        Assert.Equal("IdentityN", Inlined(flat, "call").Op);
        Assert.Equal($"call/node:{expected}", Assert.Single(Inlined(flat, "call").Input));
        Assert.Equal(["x"], Inlined(flat, "call/node").Input);
    }

    [Fact]
    public void ADirectCallByFunctionNameCountsTheCalleesOutputs()
    {
        var w = new SavedModelWriter();
        w.Graph.Node.Add(new NodeDef { Name = "x", Op = "Placeholder", Attr = { ["dtype"] = Type() } });
        var inner = w.Function("inner", [("p", DataType.DtFloat)], [("first", DataType.DtFloat), ("second", DataType.DtFloat)]);
        Node(inner, "Relu", "r", ["p"]);
        Node(inner, "Neg", "n", ["p"]);
        inner.Ret["first"] = "r:activations:0";
        inner.Ret["second"] = "n:y:0";
        var outer = w.Function("outer", [("a", DataType.DtFloat)], [("out", DataType.DtFloat)]);
        Node(outer, "inner", "c", ["a", "^a"]);
        Node(outer, "Identity", "id", ["c:second:0"]);
        outer.Ret["out"] = "id:output:0";
        w.Graph.Node.Add(new NodeDef { Name = "call", Op = "StatefulPartitionedCall", Input = { "x" }, Attr = { ["f"] = Func("outer") } });

        var flat = new FunctionInliner(w.Graph.Library, null).Inline(w.Graph, ["call"]);

        Assert.Equal(["call/c/n"], Inlined(flat, "call").Input);
        Assert.DoesNotContain(flat.Node, n => n.Name == "call/id");
    }

    [Fact]
    public void AFunctionReadingAnUndefinedTensorIsMalformed()
    {
        var w = new SavedModelWriter();
        w.Graph.Node.Add(new NodeDef { Name = "x", Op = "Placeholder", Attr = { ["dtype"] = Type() } });
        var f = w.Function("f", [("a", DataType.DtFloat)], [("out", DataType.DtFloat)]);
        Node(f, "Relu", "r", ["nowhere:output:0"]);
        f.Ret["out"] = "r:activations:0";
        w.Graph.Node.Add(new NodeDef { Name = "call", Op = "PartitionedCall", Input = { "x" }, Attr = { ["f"] = Func("f") } });

        var e = Assert.Throws<ModelFormatException>(() => new FunctionInliner(w.Graph.Library, null).Inline(w.Graph, ["call"]));

        Assert.Equal(TfErrorIds.SavedModelMalformed, e.ErrorId);
        Assert.Contains("nowhere", e.Message);
    }
}
