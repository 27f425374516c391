using TfLite.Core.Graph;
using TfLite.Core.Serialization;
using TfLite.Core.Tests.Infrastructure;
using TfLite.Core.Tests.Infrastructure.Oracle;
using Xunit;

namespace TfLite.Core.Tests.Serialization;

/// <summary>Files written by the writer run in TensorFlow's own runtime (the LiteRT oracle).</summary>
public sealed class TfLiteWriterOracleTests
{
    // LiteRT.js cannot hand back outputs whose shape is a graph input (all seanet transpose_conv models); see
    // ../shared/oracle/README.md.
    private static readonly HashSet<string> OracleCannotRun = ["conformance/tflite-micro/seanet/transpose_conv/transpose_conv0.tflite"];

    public static TheoryData<string> Runnable => [.. TfLiteCorpus.RepresentativeModels
        .Where(m => !TfLiteCorpus.OracleCannotLoad.Contains(m) && !OracleCannotRun.Contains(m))];

    [Theory]
    [MemberData(nameof(Runnable))]
    public void A_rewritten_model_gives_the_outputs_of_the_original(string model)
    {
        var path = TfLiteCorpus.PathOf(model);
        var rewritten = TfLiteWriter.Write(TfLiteReader.ReadFile(path));
        // person_detect's biases carry a quantized_dimension TFLite refuses; both copies need the same repair.
        var options = new OracleOptions { FixQuantDim = model.EndsWith("person_detect.tflite", StringComparison.Ordinal) };
        var inputs = RandomInputs(OracleRunner.Describe(path, options), seed: model.Length);

        var expected = OracleRunner.Run(path, inputs, options);
        var actual = OracleRunner.Run(rewritten, inputs, options);

        Assert.Equal(expected.Ops, actual.Ops);
        Assert.Equal(expected.Outputs.Count, actual.Outputs.Count);
        foreach (var (e, a) in expected.Outputs.Zip(actual.Outputs))
        {
            Assert.Equal(e.DType, a.DType);
            Assert.Equal(e.Shape, a.Shape);
            Assert.Equal(e.ToDoubles(), a.ToDoubles());
        }
    }

    [Fact]
    public void A_hand_built_dense_softmax_graph_runs_and_computes_what_a_plain_loop_computes()
    {
        float[] weights = [0.5f, -1f, 0.25f, 2f, -0.75f, 0.1f, 1.5f, -0.3f, 0.05f, 0.6f, -1.2f, 0.9f];
        float[] bias = [0.1f, -0.2f, 0.3f];
        float[] x = [1f, -2f, 0.5f, 3f];

        var graph = TfLiteGraph.CreateEmpty("dense_softmax");
        var main = graph.Main;
        var input = main.AddTensor(new Tensor("input", TensorType.Float32, [1, 4]) { ShapeSignature = [-1, 4] });
        var w = main.AddTensor(Tensor.Constant("dense/kernel", TensorType.Float32, [3, 4], weights.AsSpan()));
        var b = main.AddTensor(Tensor.Constant("dense/bias", TensorType.Float32, [3], bias.AsSpan()));
        var logits = main.AddTensor(new Tensor("logits", TensorType.Float32, [1, 3]) { ShapeSignature = [-1, 3] });
        var output = main.AddTensor(new Tensor("probabilities", TensorType.Float32, [1, 3]) { ShapeSignature = [-1, 3] });
        main.AddOperator(new Operator(BuiltinOperator.FullyConnected, [input, w, b], [logits], new FullyConnectedOptions()));
        main.AddOperator(new Operator(BuiltinOperator.Softmax, [logits], [output], new SoftmaxOptions { Beta = 1f }));
        main.Inputs.Add(input);
        main.Outputs.Add(output);

        var result = OracleRunner.Run(TfLiteWriter.Write(graph), [OracleTensor.Float32([1, 4], x)]);

        Assert.Equal(["FULLY_CONNECTED", "SOFTMAX"], result.Ops);
        var y = result.Output("probabilities");
        Assert.Equal([1, 3], y.Shape);
        var z = new double[3];
        for (var o = 0; o < 3; o++)
        {
            z[o] = bias[o];
            for (var i = 0; i < 4; i++) z[o] += weights[o * 4 + i] * x[i];
        }
        var max = z.Max();
        var sum = z.Sum(v => Math.Exp(v - max));
        var actual = y.AsFloat32();
        for (var o = 0; o < 3; o++)
            Assert.Equal(Math.Exp(z[o] - max) / sum, actual[o], 6);
    }

    private static OracleTensor[] RandomInputs(OracleDescription description, int seed)
    {
        var random = new Random(seed);
        return description.Inputs.Select(info =>
        {
            var count = info.Shape.Aggregate(1, (n, d) => n * d);
            var values = Enumerable.Range(0, count).Select(_ => info.DType switch
            {
                "float32" => random.NextDouble() * 2 - 1,
                "int8" => random.Next(sbyte.MinValue, sbyte.MaxValue + 1),
                "uint8" => random.Next(byte.MinValue, byte.MaxValue + 1),
                "int16" => random.Next(short.MinValue, short.MaxValue + 1),
                _ => random.Next(0, 4),
            }).ToArray();
            return OracleTensor.FromDoubles(info.DType, info.Shape, values);
        }).ToArray();
    }
}
