using TfLite.Core.TensorFlow;
using TfLite.Core.TensorFlow.Files;
using TfLite.Core.TensorFlow.Protos;
using TfLite.Core.Tests.Infrastructure;
using TfLite.Core.Tests.TensorFlow.Infrastructure;
using Xunit;
using static TfLite.Core.Tests.TensorFlow.Infrastructure.TfGraphBuilder;

namespace TfLite.Core.Tests.TensorFlow.Files;

/// <summary>Damaged or inconsistent GraphDefs: each is a typed error with its ErrorId naming the file, node or tensor,
/// never a crash, a hang or an allocation the file's size does not justify.</summary>
public class BadGraphDefTests
{
    [Theory]
    [InlineData(0.5)]
    [InlineData(0.9)]
    public void A_truncated_file_is_malformed_and_named(double fraction)
    {
        using var dir = new TempDir();
        var whole = QatGuideGraph.Build(maximumTrick: true).ToBytes();
        var path = dir.Write("truncated.pb", whole.AsSpan(0, (int)(whole.Length * fraction)));
        var e = Assert.Throws<ModelFormatException>(() => TfImporter.Import(path));
        Assert.Equal(TfErrorIds.GraphDefMalformed, e.ErrorId);
        Assert.Contains("truncated.pb", e.Message);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Random_bytes_are_malformed(int seed)
    {
        using var dir = new TempDir();
        var bytes = new byte[4096];
        new Random(seed).NextBytes(bytes);
        var path = dir.Write("random.pb", bytes);
        var e = Assert.Throws<ModelFormatException>(() => TfImporter.Import(path));
        Assert.Equal(TfErrorIds.GraphDefMalformed, e.ErrorId);
        Assert.Equal(path, e.Target);
    }

    [Fact]
    public void A_cycle_is_named_by_a_node_on_it()
    {
        var g = new TfGraphBuilder();
        g.Placeholder("x", [1, 4]);
        g.FloatOp("AddV2", "loop/a", ["x", "loop/c"]);
        g.FloatOp("Relu", "loop/b", ["loop/a"]);
        g.FloatOp("Neg", "loop/c", ["loop/b"]);
        g.FloatOp("Identity", "y", ["loop/c"]);
        var e = Assert.Throws<ModelFormatException>(() => TfConversion.Convert(g, "y"));
        Assert.Equal(TfErrorIds.GraphCycle, e.ErrorId);
        Assert.Contains(e.Target, new[] { "loop/a", "loop/b", "loop/c" });
        Assert.Contains($"'{e.Target}'", e.Message);
    }

    [Fact]
    public void A_node_reading_a_missing_node_names_both()
    {
        var g = new TfGraphBuilder();
        g.Placeholder("x", [1, 4]);
        g.FloatOp("AddV2", "sum", ["x", "gone/read"]);
        var e = Assert.Throws<ModelFormatException>(() => TfConversion.Convert(g, "sum"));
        Assert.Equal(TfErrorIds.NodeNotFound, e.ErrorId);
        Assert.Equal("sum", e.Target);
        Assert.Contains("'gone/read'", e.Message);
    }

    [Theory]
    [InlineData(1 << 30, 1 << 30)]
    [InlineData(1 << 14, 1 << 14)]
    [InlineData(int.MaxValue, 3)]
    public void A_constant_declaring_more_elements_than_it_holds_is_refused_without_allocating_them(int rows, int columns)
    {
        var g = new TfGraphBuilder();
        g.Placeholder("x", [1, 4]);
        var tensor = new TensorProto { Dtype = DataType.DtFloat, TensorShape = new TensorShapeProto(), TensorContent = Google.Protobuf.ByteString.CopyFrom(0, 0, 128, 63) };
        tensor.TensorShape.Dim.Add(new TensorShapeProto.Types.Dim { Size = rows });
        tensor.TensorShape.Dim.Add(new TensorShapeProto.Types.Dim { Size = columns });
        g.Op("Const", "huge", [], ("dtype", Type()), ("value", new AttrValue { Tensor = tensor }));
        g.FloatOp("AddV2", "sum", ["x", "huge"]);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<ModelFormatException>(() => TfConversion.Convert(g, "sum"));
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 16 << 20, "more than 16 MiB allocated for a refused constant");
        Assert.Equal(TfErrorIds.InvalidTensor, e.ErrorId);
        Assert.Contains("huge", e.Message);
    }

    [Fact]
    public void A_reshape_to_a_size_that_does_not_fit_is_an_invalid_node()
    {
        var g = new TfGraphBuilder();
        g.Placeholder("x", [2, 3]);
        g.IntConst("shape", [4, 2], 2);
        g.Op("Reshape", "r", ["x", "shape"], ("T", Type()), ("Tshape", Type(DataType.DtInt32)));
        var e = Assert.Throws<ModelFormatException>(() => TfConversion.Convert(g, "r"));
        Assert.Equal(TfErrorIds.InvalidNode, e.ErrorId);
        Assert.Contains("'r'", e.Message);
    }

    [Fact]
    public void An_input_of_unknown_shape_needs_input_shapes()
    {
        var g = new TfGraphBuilder();
        g.Placeholder("x", null);
        g.FloatOp("Relu", "y", ["x"]);
        var e = Assert.Throws<ModelFormatException>(() => TfConversion.Convert(g, "y"));
        Assert.Equal(TfErrorIds.InvalidNode, e.ErrorId);
        Assert.Equal("x", e.Target);
        Assert.Contains("InputShape", e.Message);

        var graph = TfLite.Core.TensorFlow.Conversion.GraphDefConverter.Convert(g.Graph, null,
            new TfImportOptions { InputShapes = new Dictionary<string, int[]> { ["x"] = [1, 3] } });
        Assert.Equal([1, 3], graph.Inputs[0].Shape);
    }

    [Fact]
    public void Unsupported_op_types_are_listed_together_each_with_a_node()
    {
        var g = new TfGraphBuilder();
        g.Placeholder("x", [1, 4]);
        g.FloatOp("Cumprod", "scan/prod", ["x"]);
        g.FloatOp("Relu", "relu", ["scan/prod"]);
        g.FloatOp("FancyNormalize", "norm/a", ["relu"]);
        g.FloatOp("FancyNormalize", "norm/b", ["norm/a"]);
        var e = Assert.Throws<UnsupportedLayerException>(() => TfConversion.Convert(g, "norm/b"));
        Assert.Equal(TfErrorIds.UnsupportedOp, e.ErrorId);
        Assert.Contains("2 op type(s)", e.Message);
        Assert.Contains("Cumprod (e.g. 'scan/prod')", e.Message);
        Assert.Contains("FancyNormalize (e.g. 'norm/", e.Message);
    }
}
