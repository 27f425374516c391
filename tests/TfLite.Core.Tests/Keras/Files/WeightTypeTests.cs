using PureHDF;
using TfLite.Core.Keras;
using TfLite.Core.Tests.Infrastructure.KerasFiles;
using Xunit;

namespace TfLite.Core.Tests.Keras.Files;

/// <summary>Weight datasets of other number types than float32 come back as float32.</summary>
public sealed class WeightTypeTests : IDisposable
{
    private const string Config = """{"class_name": "Sequential", "config": {"name": "s", "layers": [{"class_name": "Dense", "config": {"name": "dense", "units": 2}}]}}""";

    private readonly string _folder = Directory.CreateTempSubdirectory("keras-types-").FullName;

    [Fact]
    public void Bfloat16_variables_marked_by_Keras_are_widened()
    {
        // Keras 3 stores bfloat16 as 2-byte opaque data with attribute dtype="bfloat16"; bit patterns written by hand:
        // 0x3F80 = 1.0, 0x4000 = 2.0, 0xBF00 = -0.5, 0x4049 = 3.140625.
        byte[] raw = [0x80, 0x3F, 0x00, 0x40, 0x00, 0xBF, 0x49, 0x40];
        var kernel = new H5Dataset(raw, fileDims: [2, 2], opaqueInfo: new H5OpaqueInfo(2, "bfloat16"))
        {
            Attributes = new() { ["dtype"] = "bfloat16" },
        };
        var read = ReadDense(kernel);
        Assert.Equal([2, 2], read.Shape);
        Assert.Equal([1.0f, 2.0f, -0.5f, 3.140625f], read.Values);
    }

    [Fact]
    public void Integer_variables_are_converted()
    {
        var read = ReadDense(new H5Dataset(new long[] { -3, 0, 7, 1 << 20 }, fileDims: [4]));
        Assert.Equal([-3f, 0f, 7f, 1 << 20], read.Values);
    }

    [Fact]
    public void Scalar_variables_have_an_empty_shape()
    {
        var read = ReadDense(new H5Dataset(42.5));
        Assert.Empty(read.Shape);
        Assert.Equal([42.5f], read.Values);
    }

    private KerasWeight ReadDense(H5Dataset kernel)
    {
        var path = Path.Combine(_folder, Guid.NewGuid() + ".h5");
        HandMadeH5.WriteSingleLayer(path, Config, "dense", [("s/dense/kernel", kernel)], kerasVersion: "3.9.0");

        using var file = KerasModelFile.Open(path);
        var weights = file.GetWeights(["dense"]);
        var weight = Assert.Single(weights);
        Assert.Equal("kernel", weight.Name);
        return weight;
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
