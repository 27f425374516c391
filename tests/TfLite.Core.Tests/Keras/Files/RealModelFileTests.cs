using System.Text.Json;
using TfLite.Core.Keras;
using TfLite.Core.Tests.Infrastructure.KerasFiles;
using Xunit;

namespace TfLite.Core.Tests.Keras.Files;

/// <summary>Every real Keras file of the shared corpus opens and yields the weights its configuration and SOURCE.md
/// promise.</summary>
public sealed class RealModelFileTests
{
    public static IEnumerable<object[]> Models() => RealKerasModels.Rows();

    [Theory]
    [MemberData(nameof(Models))]
    public void Opens_with_the_recorded_version_backend_and_model_class(string slug, string fileName)
    {
        var model = RealKerasModels.Get(slug, fileName);
        using var file = KerasModelFile.Open(model.FilePath);

        Assert.Equal(model.FilePath, file.Path);
        Assert.Equal(fileName.EndsWith(".keras", StringComparison.Ordinal) ? "keras" : "hdf5", file.Format);
        Assert.Equal(model.KerasVersion, file.KerasVersion);
        Assert.Equal(model.Backend, file.Backend);
        using var config = JsonDocument.Parse(file.ModelConfigJson);
        Assert.Equal(model.ModelClass, config.RootElement.GetProperty("class_name").GetString());
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void Every_layer_has_the_weights_its_configuration_implies(string slug, string fileName)
    {
        var model = RealKerasModels.Get(slug, fileName);
        using var file = KerasModelFile.Open(model.FilePath);
        using var config = JsonDocument.Parse(file.ModelConfigJson);

        var total = CheckModel(file, config.RootElement, [], named: file.Format == "hdf5");

        // The .keras weights file also holds the optimizer's variables, which no layer owns.
        if (file.Format == "hdf5") Assert.Equal(model.WeightDatasetCount, total);
        Assert.True(total > 0);
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void The_datasets_SOURCE_md_lists_are_returned_with_their_shapes(string slug, string fileName)
    {
        var model = RealKerasModels.Get(slug, fileName);
        using var file = KerasModelFile.Open(model.FilePath);
        Assert.NotEmpty(model.FirstDatasets);

        foreach (var listed in model.FirstDatasets)
        {
            var parts = listed.Path.Split('/');
            if (file.Format == "keras")
            {
                // layers/<key>/vars/<i>: in this file every key equals its layer's name.
                Assert.Equal(["layers", "vars"], new[] { parts[0], parts[2] });
                var weight = file.GetWeights([parts[1]])[int.Parse(parts[3])];
                Assert.Equal(listed.Shape, weight.Shape);
                Assert.Null(weight.Name);
            }
            else
            {
                // <layer group>/<weight name as listed in weight_names>
                var shortName = parts[^1].Replace(":0", "");
                var weights = file.GetWeights([parts[0]]);
                Assert.Contains(weights, w => w.Name == shortName && w.Shape.SequenceEqual(listed.Shape));
            }
        }
    }

    // Walks the layers of a model entry, nested models included, and returns how many weights they hold.
    private static int CheckModel(KerasModelFile file, JsonElement model, string[] prefix, bool named)
    {
        var total = 0;
        foreach (var layer in Layers(model))
        {
            var className = layer.GetProperty("class_name").GetString()!;
            string[] path = [.. prefix, LayerName(layer)];
            var weights = file.GetWeights(path);
            var where = string.Join("/", path);

            if (LayerWeightExpectations.Models.Contains(className))
            {
                var inner = CheckModel(file, layer, path, named);
                Assert.True(inner == weights.Count, $"{where}: nested model returns {weights.Count} weights, its layers {inner}");
            }
            else if (className is "QuantizeAnnotate" or "QuantizeWrapperV2")
            {
                CheckWrapper(file, layer, path, weights, named);
            }
            else if (className == "QuantizeLayer")
            {
                Assert.Equal(["quantize_layer_min", "quantize_layer_max", "optimizer_step"], weights.Select(w => w.Name));
                Assert.All(weights, w => Assert.Empty(w.Shape));
            }
            else
            {
                AssertMatches(LayerWeightExpectations.For(layer, weights, file.KerasVersion), weights, named, where);
            }
            total += weights.Count;
        }
        return total;
    }

    private static void CheckWrapper(KerasModelFile file, JsonElement wrapper, string[] path, IReadOnlyList<KerasWeight> weights, bool named)
    {
        var inner = wrapper.GetProperty("config").GetProperty("layer");
        var innerWeights = file.GetWeights([.. path, LayerName(inner)]);
        var expected = LayerWeightExpectations.For(inner, innerWeights, file.KerasVersion);
        var where = string.Join("/", path);
        AssertMatches(expected, innerWeights, named, where + "/" + LayerName(inner));

        // The wrapped layer's weights come first, then the wrapper's own quantization variables.
        AssertMatches(expected, weights.Take(expected.Count).ToArray(), named, where);
        var extras = weights.Skip(expected.Count).Select(w => w.Name).ToArray();
        if (wrapper.GetProperty("class_name").GetString() == "QuantizeAnnotate")
            Assert.Empty(extras);
        else
        {
            Assert.Contains("optimizer_step", extras);
            Assert.All(extras, e => Assert.Contains(e!, LayerWeightExpectations.QuantizeWrapperExtras));
        }
    }

    private static void AssertMatches(IReadOnlyList<ExpectedWeight> expected, IReadOnlyList<KerasWeight> actual, bool named, string where)
    {
        var shown = string.Join(", ", actual.Select(w => $"{w.Name}[{string.Join(",", w.Shape)}]"));
        Assert.True(expected.Count == actual.Count, $"{where}: expected {string.Join(", ", expected)}, read {shown}");
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.True(expected[i].Shape.SequenceEqual(actual[i].Shape), $"{where}: expected {string.Join(", ", expected)}, read {shown}");
            if (named) Assert.Equal(expected[i].Name, actual[i].Name);
            Assert.Equal(actual[i].Shape.Aggregate(1, (n, d) => n * d), actual[i].Values.Length);
        }
    }

    private static IEnumerable<JsonElement> Layers(JsonElement model) =>
        model.GetProperty("config") is { ValueKind: JsonValueKind.Object } c && c.TryGetProperty("layers", out var layers)
            ? layers.EnumerateArray()
            : [];

    private static string LayerName(JsonElement layer) => layer.GetProperty("config").GetProperty("name").GetString()!;
}
