using TfLite.Core.Graph;
using TfLite.Core.Keras;
using TfLite.Core.Tests.Infrastructure.KerasFiles;
using Xunit;
using static TfLite.Core.Tests.Keras.GraphAssert;
using static TfLite.Core.Tests.Keras.KerasModelBuilder;

namespace TfLite.Core.Tests.Keras.Files;

/// <summary>Weights that an import reads from an HDF5 file, whole or a block of rows at a time, each block transposed
/// into place: the constants must hold what numpy.transpose of the whole stored array gives either way.</summary>
public sealed class DeferredWeightTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("deferred-weights-").FullName;

    [Theory]
    [InlineData(1 << 16)]
    [InlineData(1 << 24)]
    public void Conv2D_kernel_read_in_blocks_or_whole_becomes_OHWI(int blockValues)
    {
        // 3 x 3 x 64 x 128 = 73728 values: in blocks of 65536, two kernel rows, then one.
        var hwio = Values(3 * 3 * 64 * 128, 1);
        var graph = Import(Sequential(6, 6, 64)
            .Add("Conv2D", new { name = "conv", filters = 128, kernel_size = 3, padding = "valid", use_bias = false }), blockValues, "conv", ("kernel", [3, 3, 64, 128], hwio));

        var expected = new float[hwio.Length];
        for (var o = 0; o < 128; o++)
        for (var h = 0; h < 3; h++)
        for (var w = 0; w < 3; w++)
        for (var i = 0; i < 64; i++)
            expected[((o * 3 + h) * 3 + w) * 64 + i] = hwio[((h * 3 + w) * 64 + i) * 128 + o];
        Assert.Equal(expected, Floats(Single(graph, BuiltinOperator.Conv2D).Inputs[1]));
    }

    [Theory]
    [InlineData(1 << 16)]
    [InlineData(1 << 24)]
    public void Dense_kernel_read_in_blocks_or_whole_becomes_units_by_inputs(int blockValues)
    {
        // 300 x 256 = 76800 values: in blocks of 65536, 256 input rows, then 44.
        var kernel = Values(300 * 256, 2);
        var graph = Import(Sequential(300).Add("Dense", new { name = "dense", units = 256, use_bias = false }), blockValues, "dense", ("kernel", [300, 256], kernel));

        var expected = new float[kernel.Length];
        for (var u = 0; u < 256; u++)
        for (var i = 0; i < 300; i++)
            expected[u * 300 + i] = kernel[i * 256 + u];
        Assert.Equal(expected, Floats(Single(graph, BuiltinOperator.FullyConnected).Inputs[1]));
    }

    [Theory]
    [InlineData(1 << 16)]
    [InlineData(1 << 24)]
    public void Conv1D_kernel_read_in_blocks_or_whole_becomes_O1KI(int blockValues)
    {
        // 5 x 128 x 128 = 81920 values, stored as [k, in, out] and transposed as [1, k, in, out]: in blocks of 65536, four
        // taps, then one.
        var kio = Values(5 * 128 * 128, 3);
        var graph = Import(Sequential(9, 128)
            .Add("Conv1D", new { name = "conv1d", filters = 128, kernel_size = 5, padding = "valid", use_bias = false }), blockValues, "conv1d", ("kernel", [5, 128, 128], kio));

        var expected = new float[kio.Length];
        for (var o = 0; o < 128; o++)
        for (var k = 0; k < 5; k++)
        for (var i = 0; i < 128; i++)
            expected[(o * 5 + k) * 128 + i] = kio[(k * 128 + i) * 128 + o];
        Assert.Equal(expected, Floats(Single(graph, BuiltinOperator.Conv2D).Inputs[1]));
    }

    private TfLiteGraph Import(KerasModelBuilder model, int blockValues, string layer, (string Name, int[] Shape, float[] Values) weight)
    {
        var path = Path.Combine(_folder, layer + ".h5");
        LegacyH5Writer.Write(path, model.Json, new Dictionary<string, IReadOnlyList<TestWeight>>
        {
            [layer] = [new TestWeight(weight.Name, weight.Shape, weight.Values)],
        });
        return KerasImporter.Import(path, new KerasImportOptions { Optimize = false, WeightBlockValues = blockValues });
    }

    // Distinct values, so a value in the wrong place cannot go unnoticed.
    private static float[] Values(int count, int seed) => Enumerable.Range(0, count).Select(i => i * 0.5f + seed).ToArray();

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
