using TfLite.Core.Keras;
using TfLite.Core.Tests.Infrastructure.KerasReference;

namespace TfLite.Core.Tests.Conformance.Reference;

/// <summary>Builds small model configs and weight tables by hand for the reference evaluator's unit tests.</summary>
internal sealed class RefModelBuilder
{
    private readonly Dictionary<string, IReadOnlyList<KerasWeight>> _weights = new();

    /// <summary>A layer entry without inbound nodes.</summary>
    public static string Layer(string cls, string name, string config = "") =>
        "{\"class_name\":\"" + cls + "\",\"config\":{\"name\":\"" + name + "\"" + (config.Length > 0 ? "," + config : "") + "}}";

    /// <summary>A Sequential model with an InputLayer of the given per-sample shape.</summary>
    public static string Sequential(string inputShape, params string[] layers) =>
        $$$"""{"class_name":"Sequential","config":{"name":"seq","layers":[{"class_name":"InputLayer","config":{"name":"x","batch_input_shape":[null,{{{inputShape}}}]}},{{{string.Join(",", layers)}}}]}}""";

    /// <summary>Registers the weights of a layer path (names joined by '/').</summary>
    public RefModelBuilder With(string path, params (int[] Shape, float[] Values)[] arrays)
    {
        _weights[path] = arrays.Select(a => new KerasWeight(null, a.Shape, a.Values)).ToList();
        return this;
    }

    /// <summary>Builds the evaluator.</summary>
    public KerasReferenceModel Build(string json, int kerasMajor = 2) =>
        KerasReferenceModel.FromConfig(json, p => _weights.TryGetValue(string.Join("/", p), out var w) ? w : [], kerasMajor);

    /// <summary>Runs a single-input model on one tensor and returns the first output.</summary>
    public static RefTensor Run(KerasReferenceModel model, int[] shape, params double[] data) =>
        model.Predict(new RefTensor(shape, data))[0];
}
