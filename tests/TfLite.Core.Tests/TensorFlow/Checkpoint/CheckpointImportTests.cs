using Google.Protobuf;
using TfLite.Core.TensorFlow;
using TfLite.Core.TensorFlow.Files;
using TfLite.Core.TensorFlow.Protos;
using TfLite.Core.Tests.Infrastructure;
using TfLite.Core.Tests.TensorFlow.Infrastructure;
using Xunit;
using static TfLite.Core.Tests.TensorFlow.Infrastructure.TfGraphBuilder;

namespace TfLite.Core.Tests.TensorFlow.Checkpoint;

/// <summary>TF1 graphs whose variables come from a checkpoint written here from the table and bundle format, held to
/// the ops' plain math; damaged checkpoints fail with their ErrorIds.</summary>
public class CheckpointImportTests
{
    private static readonly int[] ImageShape = [1, 5, 5, 2];
    private static readonly float[] Image = Random(50, seed: 21);
    private static readonly float[] ConvWeights = Random(3 * 3 * 2 * 3, seed: 22);
    private static readonly float[] ConvBias = Random(3, seed: 23);
    private static readonly float[] DenseWeights = Random(75 * 4, seed: 24);

    // input [1,5,5,2] -> Conv2D 3x3 (3 filters, SAME) + BiasAdd -> Relu -> Reshape [1,75] -> MatMul (4)
    private static TfGraphBuilder Tf1Graph()
    {
        var g = new TfGraphBuilder();
        g.Placeholder("x", ImageShape);
        Variable(g, "conv/weights", [3, 3, 2, 3]);
        Variable(g, "conv/biases", [3]);
        Variable(g, "fc/weights", [75, 4]);
        g.Conv2D("conv/Conv2D", "x", "conv/weights/read");
        g.BiasAdd("conv/BiasAdd", "conv/Conv2D", "conv/biases/read");
        g.FloatOp("Relu", "conv/Relu", ["conv/BiasAdd"]);
        g.IntConst("flatten/shape", [1, 75], 2);
        g.Op("Reshape", "flatten/Reshape", ["conv/Relu", "flatten/shape"], ("T", Type()), ("Tshape", Type(DataType.DtInt32)));
        g.MatMul("fc/MatMul", "flatten/Reshape", "fc/weights/read");
        return g;
    }

    // tf.Variable in TF1: a VariableV2 node and the Identity "<name>/read" every reader goes through.
    private static void Variable(TfGraphBuilder g, string name, int[] shape)
    {
        g.Op("VariableV2", name, [], ("dtype", Type()), ("shape", ShapeAttr(shape)), ("container", Str("")), ("shared_name", Str("")));
        g.FloatOp("Identity", $"{name}/read", [name]);
    }

    private static TensorBundleWriter Tf1Checkpoint(int blockSize = 4096) => new TensorBundleWriter { BlockSize = blockSize }
        .Add("conv/weights", ConvWeights, 3, 3, 2, 3)
        .Add("conv/biases", ConvBias, 3)
        .Add("fc/weights", DenseWeights, 75, 4);

    private static float[] Expected()
    {
        var conv = TfReference.Conv2D(Image, ImageShape, ConvWeights, [3, 3, 2, 3], 1, same: true, out _);
        var relu = TfReference.Map(TfReference.AddChannels(conv, ConvBias), v => Math.Max(v, 0));
        return TfReference.MatMul(relu, DenseWeights, 1, 75, 4);
    }

    [Theory]
    [InlineData(4096)]
    [InlineData(64)] // many data blocks, each with its own restart points and index entry
    public void GraphDefVariablesTakeTheirValuesFromTheCheckpoint(int blockSize)
    {
        using var dir = new TempDir();
        var graph = Tf1Graph().Write(Path.Combine(dir.Path, "model.pb"));
        Tf1Checkpoint(blockSize).Write(Path.Combine(dir.Path, "model.ckpt"));

        var converted = TfImporter.Import(graph, new TfImportOptions { CheckpointPrefix = Path.Combine(dir.Path, "model.ckpt") });

        TfConversion.AssertClose(Expected(), TfConversion.Run(converted, Image).Values);
    }

    [Fact]
    public void MetaGraphFindsItsCheckpointBesideIt()
    {
        using var dir = new TempDir();
        var meta = new MetaGraphDef { MetaInfoDef = new MetaGraphDef.Types.MetaInfoDef { Tags = { "serve" } }, GraphDef = Tf1Graph().Graph };
        File.WriteAllBytes(Path.Combine(dir.Path, "model.ckpt.meta"), meta.ToByteArray());
        Tf1Checkpoint().Write(Path.Combine(dir.Path, "model.ckpt"));

        var converted = TfImporter.Import(Path.Combine(dir.Path, "model.ckpt.meta"), new TfImportOptions { OutputNames = ["fc/MatMul"] });

        TfConversion.AssertClose(Expected(), TfConversion.Run(converted, Image).Values);
    }

    [Fact]
    public void ResourceVariablesAreFoundByTheirSharedName()
    {
        using var dir = new TempDir();
        var g = new TfGraphBuilder();
        g.Placeholder("x", [2, 3]);
        g.Op("VarHandleOp", "dense/kernel", [], ("dtype", Type()), ("shape", ShapeAttr(3, 2)), ("shared_name", Str("dense/kernel")), ("container", Str("")));
        g.Op("ReadVariableOp", "dense/MatMul/ReadVariableOp", ["dense/kernel"], ("dtype", Type()));
        g.MatMul("dense/MatMul", "x", "dense/MatMul/ReadVariableOp");
        var weights = Random(6, seed: 25);
        new TensorBundleWriter().Add("dense/kernel", weights, 3, 2).Write(Path.Combine(dir.Path, "ckpt"));

        var converted = TfImporter.Import(g.Write(Path.Combine(dir.Path, "g.pb")), new TfImportOptions { CheckpointPrefix = Path.Combine(dir.Path, "ckpt") });

        var input = Random(6, seed: 26);
        TfConversion.AssertClose(TfReference.MatMul(input, weights, 2, 3, 2), TfConversion.Run(converted, input).Values);
    }

    [Fact]
    public void AMissingVariableIsNamed()
    {
        using var dir = new TempDir();
        new TensorBundleWriter().Add("conv/weights", ConvWeights, 3, 3, 2, 3).Add("conv/biases", ConvBias, 3).Write(Path.Combine(dir.Path, "model.ckpt"));

        var e = Import(dir, Tf1Graph());

        Assert.Equal(TfErrorIds.MissingVariable, e.ErrorId);
        Assert.Contains("fc/weights", e.Message);
    }

    [Fact]
    public void AVariableWhoseShapeDoesNotFitItsOpIsANodeError()
    {
        using var dir = new TempDir();
        new TensorBundleWriter().Add("conv/weights", ConvWeights, 3, 3, 2, 3).Add("conv/biases", ConvBias, 3)
            .Add("fc/weights", Random(70 * 4, seed: 27), 70, 4).Write(Path.Combine(dir.Path, "model.ckpt"));

        var e = Import(dir, Tf1Graph());

        Assert.Equal(TfErrorIds.InvalidNode, e.ErrorId);
        Assert.Contains("fc/MatMul", e.Message);
    }

    public static TheoryData<string> Damages => new() { "truncated index", "index block byte", "data byte", "truncated data", "huge offset", "huge size", "negative offset", "no data file" };

    [Theory]
    [MemberData(nameof(Damages))]
    public void ADamagedCheckpointIsACheckpointError(string damage)
    {
        using var dir = new TempDir();
        var prefix = Path.Combine(dir.Path, "model.ckpt");
        Tf1Checkpoint().Write(prefix, (key, entry) =>
        {
            if (key != "fc/weights") return;
            if (damage == "huge offset") entry.Offset = long.MaxValue - 8;
            if (damage == "huge size") entry.Size = long.MaxValue;
            if (damage == "negative offset") entry.Offset = -4;
        });
        var index = prefix + ".index";
        var data = prefix + ".data-00000-of-00001";
        switch (damage)
        {
            case "truncated index": File.WriteAllBytes(index, File.ReadAllBytes(index)[..^20]); break;
            case "index block byte": Flip(index, 10); break;
            case "data byte": Flip(data, File.ReadAllBytes(data).Length - 10); break;
            case "truncated data": File.WriteAllBytes(data, File.ReadAllBytes(data)[..^4]); break;
            case "no data file": File.Delete(data); break;
        }

        var e = Import(dir, Tf1Graph());

        Assert.Equal(damage == "no data file" ? TfErrorIds.FileNotReadable : TfErrorIds.CheckpointMalformed, e.ErrorId);
    }

    [Fact]
    public void StringValuesAreCheckedAgainstTheirChecksums()
    {
        using var dir = new TempDir();
        var prefix = Path.Combine(dir.Path, "strings");
        new TensorBundleWriter().AddStrings("s", [[1, 2, 3], [], [4]], 3).Write(prefix);
        var bundle = TensorBundle.Open(prefix);
        Assert.Equal([[1, 2, 3], [], [4]], bundle.ReadStrings("s")!);

        Flip(prefix + ".data-00000-of-00001", 6);
        var e = Assert.Throws<ModelFormatException>(() => TensorBundle.Open(prefix).ReadStrings("s"));
        Assert.Equal(TfErrorIds.CheckpointMalformed, e.ErrorId);
    }

    private static ModelFormatException Import(TempDir dir, TfGraphBuilder graph) =>
        Assert.Throws<ModelFormatException>(() => TfImporter.Import(graph.Write(Path.Combine(dir.Path, "model.pb")),
            new TfImportOptions { CheckpointPrefix = Path.Combine(dir.Path, "model.ckpt") }));

    private static void Flip(string path, int at)
    {
        var bytes = File.ReadAllBytes(path);
        bytes[at] ^= 0x55;
        File.WriteAllBytes(path, bytes);
    }
}
