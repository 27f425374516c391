using System.Collections;
using TfLite.Core.Data;
using TfLite.Core.Graph;
using TfLite.Core.Inference;
using TfLite.Core.Tests.Infrastructure;
using Xunit;

namespace TfLite.Core.Tests.Inference;

public sealed class InputDataTests : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly InputData _data = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void NestedArraysGiveTheirShape()
    {
        var input = Assert.Single(_data.Convert(new object[] { new object[] { 1, 2, 3 }, new object[] { 4, 5, 6 } }));
        Assert.Null(input.Name);
        Assert.Equal(new[] { 2, 3 }, input.Array.Shape);
        Assert.Equal(new[] { 1, 2, 3, 4, 5, 6 }, Assert.IsType<int[]>(input.Array.Data));
    }

    [Fact]
    public void MultidimensionalArraysKeepTheirShapeAndOrder()
    {
        var grid = new float[2, 3] { { 1, 2, 3 }, { 4, 5, 6 } };
        var input = Assert.Single(_data.Convert(grid));
        Assert.Equal(new[] { 2, 3 }, input.Array.Shape);
        Assert.Equal(new float[] { 1, 2, 3, 4, 5, 6 }, Assert.IsType<float[]>(input.Array.Data));
        // Inside a list: one more level in front.
        var nested = Assert.Single(_data.Convert(new object[] { grid, new float[2, 3] }));
        Assert.Equal(new[] { 2, 2, 3 }, nested.Array.Shape);
        Assert.Equal(InferenceErrorIds.InputTypeMismatch,
            Assert.Throws<InterpreterException>(() => _data.Convert(new object[] { grid, new float[3, 2] })).ErrorId);
    }

    [Fact]
    public void MixedNumbersBecomeDoubles()
    {
        var input = Assert.Single(_data.Convert(new object[] { 1, 2.5 }));
        Assert.Equal(new[] { 1.0, 2.5 }, Assert.IsType<double[]>(input.Array.Data));
    }

    [Fact]
    public void TypedArraysKeepTheirType()
    {
        var input = Assert.Single(_data.Convert(new sbyte[] { -1, 2 }));
        Assert.Equal(TensorType.Int8, input.Array.ElementType);
    }

    [Theory]
    [InlineData("text")]
    [InlineData(null)]
    public void NonNumbersAreATypeMismatch(object? bad)
    {
        var e = Assert.Throws<InterpreterException>(() => _data.Convert(new object?[] { 1, bad }));
        Assert.Equal(InferenceErrorIds.InputTypeMismatch, e.ErrorId);
    }

    [Fact]
    public void RaggedArraysAreATypeMismatch()
    {
        Assert.Equal(InferenceErrorIds.InputTypeMismatch,
            Assert.Throws<InterpreterException>(() => _data.Convert(new object[] { new object[] { 1, 2 }, new object[] { 3 } })).ErrorId);
        Assert.Equal(InferenceErrorIds.InputTypeMismatch,
            Assert.Throws<InterpreterException>(() => _data.Convert(new object[] { 1, new object[] { 3 } })).ErrorId);
    }

    [Fact]
    public void DictionariesNameTheirArrays()
    {
        var inputs = _data.Convert(new Hashtable { ["x"] = new[] { 1f, 2f } });
        var input = Assert.Single(inputs);
        Assert.Equal("x", input.Name);
        Assert.Equal(new[] { 1f, 2f }, input.Array.Data);
    }

    [Fact]
    public void FilesAndListsOfInputs()
    {
        var npy = Path.Combine(_dir.Path, "a.npy");
        NpyWriter.Write(npy, new NDArray(new[] { 1f, 2f }, 2));
        var positional = Path.Combine(_dir.Path, "p.npz");
        NpyWriter.WriteNpz(positional, [new("arr_0", new NDArray(new[] { 1f }, 1)), new("arr_1", new NDArray(new[] { 2f }, 1))]);
        var named = Path.Combine(_dir.Path, "n.npz");
        NpyWriter.WriteNpz(named, [new("x", new NDArray(new[] { 1f }, 1))]);

        Assert.Equal(new[] { 2 }, Assert.Single(_data.Convert(npy)).Array.Shape);
        Assert.Equal(new string?[] { null, null }, _data.Convert(positional).Select(i => i.Name));
        Assert.Equal("x", Assert.Single(_data.Convert(new FileInfo(named))).Name);
        var list = _data.Convert(new object[] { npy, new NDArray(new[] { 5 }, 1) });
        Assert.Equal(2, list.Count);
        Assert.Equal(TensorType.Int32, list[1].Array.ElementType);
    }

    [Fact]
    public void PathsAreResolvedAndWrappersUnwrapped()
    {
        NpyWriter.Write(Path.Combine(_dir.Path, "a.npy"), new NDArray(new[] { 3f }, 1));
        var data = new InputData(unwrap: o => o is Box b ? b.Value : o, resolvePath: p => Path.Combine(_dir.Path, p));

        Assert.Equal(new[] { 3f }, Assert.Single(data.Convert(new Box("a.npy"))).Array.Data);
        Assert.Equal(new[] { 1, 2 }, Assert.Single(data.Convert(new object[] { new Box(1), new Box(2) })).Array.Data);
    }

    private sealed record Box(object Value);
}
