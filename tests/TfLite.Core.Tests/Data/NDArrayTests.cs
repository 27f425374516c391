using TfLite.Core.Data;
using TfLite.Core.Graph;
using Xunit;

namespace TfLite.Core.Tests.Data;

public sealed class NDArrayTests
{
    [Fact]
    public void RejectsDataThatDoesNotMatchTheShape()
    {
        Assert.Throws<ArgumentException>(() => new NDArray(new float[5], 2, 3));
        Assert.Throws<ArgumentException>(() => new NDArray(new decimal[1], 1));
        Assert.Throws<ArgumentException>(() => new NDArray(new float[0], -1));
    }

    [Fact]
    public void ConvertsToSingles()
    {
        Assert.Equal(new[] { -128f, 127f }, new NDArray(new sbyte[] { -128, 127 }, 2).ToSingleArray());
        Assert.Equal(new[] { 0.5f, -3f }, new NDArray(new[] { (Half)0.5f, (Half)(-3f) }, 2).ToSingleArray());
        Assert.Equal(new[] { 1f, 0f }, new NDArray(new[] { true, false }, 2).ToSingleArray());
        Assert.Equal(new[] { 0.1f }, new NDArray(new[] { 0.1 }, 1).ToSingleArray());
    }

    [Fact]
    public void SlicesTheFirstAxis()
    {
        var a = new NDArray(Enumerable.Range(0, 12).ToArray(), 4, 3);

        var slice = a.SliceFirstAxis(1, 2);

        Assert.Equal(new[] { 2, 3 }, slice.Shape);
        Assert.Equal(new[] { 3, 4, 5, 6, 7, 8 }, Assert.IsType<int[]>(slice.Data));
        Assert.Throws<ArgumentOutOfRangeException>(() => a.SliceFirstAxis(3, 2));
    }

    [Fact]
    public void MapsElementTypes()
    {
        Assert.Equal(TensorType.Int8, new NDArray(new sbyte[1], 1).ElementType);
        Assert.Equal(typeof(ulong), NDArray.ClrTypeOf(TensorType.UInt64));
        Assert.Null(NDArray.ClrTypeOf(TensorType.String));
        Assert.Equal("Float32 [2,3]", new NDArray(new float[6], 2, 3).ToString());
    }
}
