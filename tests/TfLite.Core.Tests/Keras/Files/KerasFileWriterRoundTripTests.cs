using System.IO.Compression;
using TfLite.Core.Keras;
using TfLite.Core.Tests.Infrastructure.KerasFiles;
using Xunit;

namespace TfLite.Core.Tests.Keras.Files;

/// <summary>
/// Files written by the test writers, laid out as real Keras lays them out, read back through
/// <see cref="KerasModelFile"/> with the values that were written, for layers no real file in the corpus has.
/// </summary>
public sealed class KerasFileWriterRoundTripTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("keras-files-").FullName;

    // tf.keras 2.x style Sequential: Rescaling, Normalization, Conv2D, UpSampling2D, Reshape, GRU, Dense.
    private const string SequentialConfig = """
        {"class_name": "Sequential", "config": {"name": "sequential", "layers": [
          {"class_name": "InputLayer", "config": {"batch_input_shape": [null, 4, 4, 2], "dtype": "float32", "name": "input_1"}},
          {"class_name": "Rescaling", "config": {"name": "rescaling", "scale": 0.5, "offset": 0.0}},
          {"class_name": "Normalization", "config": {"name": "normalization", "axis": [-1]}},
          {"class_name": "Conv2D", "config": {"name": "conv2d", "filters": 3, "kernel_size": [3, 3], "use_bias": true}},
          {"class_name": "UpSampling2D", "config": {"name": "up_sampling2d", "size": [2, 2]}},
          {"class_name": "Reshape", "config": {"name": "reshape", "target_shape": [16, 3]}},
          {"class_name": "GRU", "config": {"name": "gru", "units": 5, "reset_after": true}},
          {"class_name": "Dense", "config": {"name": "dense", "units": 2, "use_bias": true}}
        ]}}
        """;

    private static Dictionary<string, IReadOnlyList<TestWeight>> SequentialWeights() => new()
    {
        ["normalization"] = [TestWeight.Random("mean", [2], 1), TestWeight.Random("variance", [2], 2), new TestWeight("count", [], [7f])],
        ["conv2d"] = [TestWeight.Random("kernel", [3, 3, 2, 3], 3), TestWeight.Random("bias", [3], 4)],
        ["gru"] = [TestWeight.Random("kernel", [3, 15], 5), TestWeight.Random("recurrent_kernel", [5, 15], 6), TestWeight.Random("bias", [2, 15], 7)],
        ["dense"] = [TestWeight.Random("kernel", [5, 2], 8), TestWeight.Random("bias", [2], 9)],
    };

    // A Sequential model (two layers) nested inside a functional model, between two top-level layers.
    private const string NestedConfig = """
        {"class_name": "Functional", "config": {"name": "model", "layers": [
          {"class_name": "InputLayer", "name": "input_1", "config": {"batch_input_shape": [null, 3], "name": "input_1"}},
          {"class_name": "Dense", "name": "stem", "config": {"name": "stem", "units": 4}},
          {"class_name": "Sequential", "name": "block", "config": {"name": "block", "layers": [
            {"class_name": "InputLayer", "config": {"batch_input_shape": [null, 4], "name": "block_input"}},
            {"class_name": "Dense", "config": {"name": "inner_dense", "units": 4}},
            {"class_name": "BatchNormalization", "config": {"name": "inner_bn"}}
          ]}},
          {"class_name": "Dense", "name": "head", "config": {"name": "head", "units": 1}}
        ]}}
        """;

    private static Dictionary<string, IReadOnlyList<TestWeight>> NestedWeights() => new()
    {
        ["stem"] = [TestWeight.Random("kernel", [3, 4], 11), TestWeight.Random("bias", [4], 12)],
        ["block/inner_dense"] = [TestWeight.Random("kernel", [4, 4], 13), TestWeight.Random("bias", [4], 14)],
        ["block/inner_bn"] =
        [
            TestWeight.Random("gamma", [4], 15), TestWeight.Random("beta", [4], 16),
            TestWeight.Random("moving_mean", [4], 17), TestWeight.Random("moving_variance", [4], 18),
        ],
        ["head"] = [TestWeight.Random("kernel", [4, 1], 19), TestWeight.Random("bias", [1], 20)],
    };

    public static IEnumerable<object[]> LegacyVariants() =>
    [
        [new LegacyH5Options()],
        [new LegacyH5Options { Naming = LegacyWeightNaming.Keras3, KerasVersion = "3.8.0" }],
        [new LegacyH5Options { FixedLengthStrings = true, KerasVersion = "2.0.5" }],
        [new LegacyH5Options { NameChunks = 3 }],
    ];

    [Theory]
    [MemberData(nameof(LegacyVariants))]
    public void Legacy_h5_reads_back_every_layer_with_names_and_values(LegacyH5Options options)
    {
        var path = Path.Combine(_folder, "model.h5");
        var weights = SequentialWeights();
        LegacyH5Writer.Write(path, SequentialConfig, weights, options);

        using var file = KerasModelFile.Open(path);
        Assert.Equal("hdf5", file.Format);
        Assert.Equal(options.KerasVersion, file.KerasVersion);
        Assert.Equal("tensorflow", file.Backend);
        Assert.Equal(SequentialConfig, file.ModelConfigJson);
        foreach (var (layer, expected) in weights)
            AssertSame(expected, file.GetWeights([layer]), named: true);
        foreach (var weightless in new[] { "input_1", "rescaling", "up_sampling2d", "reshape" })
            Assert.Empty(file.GetWeights([weightless]));
    }

    [Theory]
    [InlineData(false, false, CompressionLevel.NoCompression)]
    [InlineData(true, false, CompressionLevel.NoCompression)]
    [InlineData(false, true, CompressionLevel.NoCompression)]
    [InlineData(true, false, CompressionLevel.Optimal)]
    public void Keras_archive_reads_back_every_layer_with_values(bool nameAttributes, bool tfKerasLayout, CompressionLevel compression)
    {
        var path = Path.Combine(_folder, "model.keras");
        var weights = SequentialWeights();
        var options = new KerasArchiveOptions { NameAttributes = nameAttributes, TfKerasLayout = tfKerasLayout, Compression = compression };
        KerasArchiveWriter.Write(path, SequentialConfig, weights, options);

        using var file = KerasModelFile.Open(path);
        Assert.Equal("keras", file.Format);
        Assert.Equal("3.13.2", file.KerasVersion);
        Assert.Null(file.Backend);
        Assert.Equal(SequentialConfig, file.ModelConfigJson);
        foreach (var (layer, expected) in weights)
            AssertSame(expected, file.GetWeights([layer]), named: false);
        Assert.Empty(file.GetWeights(["up_sampling2d"]));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Keras_archive_finds_layers_whose_names_differ_from_their_keys(bool nameAttributes)
    {
        // Keys follow the classes (dense, dense_1, dense_2), not the names, and the names are given out of order.
        const string config = """
            {"class_name": "Sequential", "config": {"name": "s", "layers": [
              {"class_name": "Dense", "config": {"name": "dense_1", "units": 2}},
              {"class_name": "Dense", "config": {"name": "dense", "units": 3}},
              {"class_name": "Dense", "config": {"name": "out", "units": 1}}
            ]}}
            """;
        var weights = new Dictionary<string, IReadOnlyList<TestWeight>>
        {
            ["dense_1"] = [TestWeight.Random("kernel", [4, 2], 1), TestWeight.Random("bias", [2], 2)],
            ["dense"] = [TestWeight.Random("kernel", [2, 3], 3), TestWeight.Random("bias", [3], 4)],
            ["out"] = [TestWeight.Random("kernel", [3, 1], 5), TestWeight.Random("bias", [1], 6)],
        };
        var path = Path.Combine(_folder, "renamed.keras");
        KerasArchiveWriter.Write(path, config, weights, new KerasArchiveOptions { NameAttributes = nameAttributes });

        using var file = KerasModelFile.Open(path);
        foreach (var (layer, expected) in weights)
            AssertSame(expected, file.GetWeights([layer]), named: false);
    }

    [Fact]
    public void Legacy_h5_nested_model_gives_each_inner_layer_its_own_weights()
    {
        var path = Path.Combine(_folder, "nested.h5");
        var weights = NestedWeights();
        LegacyH5Writer.Write(path, NestedConfig, weights);

        using var file = KerasModelFile.Open(path);
        AssertSame(weights["block/inner_dense"], file.GetWeights(["block", "inner_dense"]), named: true);
        AssertSame(weights["block/inner_bn"], file.GetWeights(["block", "inner_bn"]), named: true);
        AssertSame([.. weights["block/inner_dense"], .. weights["block/inner_bn"]], file.GetWeights(["block"]), named: true);
        AssertSame(weights["head"], file.GetWeights(["head"]), named: true);
        Assert.Empty(file.GetWeights(["block", "block_input"]));
        Assert.Empty(file.GetWeights(["no_such_layer"]));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Keras_archive_nested_model_keeps_inner_layers_one_level_deeper(bool nameAttributes)
    {
        var path = Path.Combine(_folder, "nested.keras");
        var weights = NestedWeights();
        KerasArchiveWriter.Write(path, NestedConfig, weights, new KerasArchiveOptions { NameAttributes = nameAttributes });

        using var file = KerasModelFile.Open(path);
        AssertSame(weights["stem"], file.GetWeights(["stem"]), named: false);
        AssertSame(weights["block/inner_dense"], file.GetWeights(["block", "inner_dense"]), named: false);
        AssertSame(weights["block/inner_bn"], file.GetWeights(["block", "inner_bn"]), named: false);
        AssertSame([.. weights["block/inner_dense"], .. weights["block/inner_bn"]], file.GetWeights(["block"]), named: false);
        AssertSame(weights["head"], file.GetWeights(["head"]), named: false);
    }

    [Theory]
    [InlineData(WeightStorage.Float64)]
    [InlineData(WeightStorage.Float16)]
    public void Float64_and_float16_weights_are_read_as_float32(WeightStorage storage)
    {
        var weights = SequentialWeights();
        var h5 = Path.Combine(_folder, "wide.h5");
        var keras = Path.Combine(_folder, "wide.keras");
        LegacyH5Writer.Write(h5, SequentialConfig, weights, new LegacyH5Options { Storage = storage });
        KerasArchiveWriter.Write(keras, SequentialConfig, weights, new KerasArchiveOptions { Storage = storage });

        foreach (var path in new[] { h5, keras })
        {
            using var file = KerasModelFile.Open(path);
            var read = file.GetWeights(["conv2d"]);
            var written = weights["conv2d"];
            for (var i = 0; i < written.Count; i++)
            {
                // The reference rounding: float32 -> stored type -> float32, by plain .NET casts.
                var expected = storage == WeightStorage.Float16
                    ? written[i].Values.Select(v => (float)(Half)v).ToArray()
                    : written[i].Values;
                Assert.Equal(expected, read[i].Values);
                Assert.Equal(written[i].Shape, read[i].Shape);
            }
        }
    }

    private static void AssertSame(IReadOnlyList<TestWeight> expected, IReadOnlyList<KerasWeight> actual, bool named)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal(named ? expected[i].Name : null, actual[i].Name);
            Assert.Equal(expected[i].Shape, actual[i].Shape);
            Assert.Equal(expected[i].Values, actual[i].Values);
        }
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
