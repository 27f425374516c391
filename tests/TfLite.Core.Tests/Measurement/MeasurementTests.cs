using System.Text.Json;
using TfLite.Core.Graph;
using TfLite.Core.Interpreter;
using TfLite.Core.Measurement;
using TfLite.Core.Serialization;
using TfLite.Core.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace TfLite.Core.Tests.Measurement;

using Interpreter = TfLite.Core.Interpreter.Interpreter;

public sealed class MeasurementTests(ITestOutputHelper output)
{
    private static string Model(string name) => SharedData.Path("conformance", "tflite-micro", "models", name);

    [Fact]
    public void CountsMacsOfConvolutionsAndFullyConnected()
    {
        var g = TfLiteGraph.CreateEmpty("macs");
        Tensor T(string n, params int[] s) => g.Main.AddTensor(new Tensor(n, TensorType.Float32, s));
        // 3x3 conv, 3 -> 4 channels, 8x8 input, VALID: 6x6 outputs, each 3*3*3 MACs per output channel.
        var conv = new Operator(BuiltinOperator.Conv2D, [T("x", 1, 8, 8, 3), T("w", 4, 3, 3, 3), T("b", 4)], [T("y", 1, 6, 6, 4)]);
        // depthwise 3x3 on 6 channels: 6x6 outputs x 6 channels x 9 taps.
        var dw = new Operator(BuiltinOperator.DepthwiseConv2D, [T("x2", 1, 8, 8, 6), T("w2", 1, 3, 3, 6), T("b2", 6)], [T("y2", 1, 6, 6, 6)]);
        // two rows of 20 features into 10 units.
        var fc = new Operator(BuiltinOperator.FullyConnected, [T("x3", 2, 20), T("w3", 10, 20), T("b3", 10)], [T("y3", 2, 10)]);
        var relu = new Operator(BuiltinOperator.Relu, [T("x4", 1, 10)], [T("y4", 1, 10)]);

        Assert.Equal(6 * 6 * 4 * (3 * 3 * 3), MacCounter.Count(conv, t => t.Shape));
        Assert.Equal(6 * 6 * 6 * 9, MacCounter.Count(dw, t => t.Shape));
        Assert.Equal(2 * 10 * 20, MacCounter.Count(fc, t => t.Shape));
        Assert.Equal(0, MacCounter.Count(relu, t => t.Shape));
    }

    [Fact]
    public void LatencyStatisticsFollowTheirDefinitions()
    {
        var s = LatencyStatistics.FromSamples([5, 1, 3, 2, 4]);
        Assert.Equal(5, s.First);
        Assert.Equal(1, s.Min);
        Assert.Equal(5, s.Max);
        Assert.Equal(3, s.Mean);
        Assert.Equal(3, s.Median);
        Assert.Equal(5, s.P90);   // nearest rank: ceil(0.9 * 5) = 5th smallest
        Assert.Equal(5, s.P99);
        Assert.Equal(Math.Sqrt(2), s.StdDev, 12); // population: (4+1+0+1+4)/5 = 2
    }

    [Fact]
    public void OutputMetricsFollowTheirFormulas()
    {
        float[] measured = [1, 2, 3, 0.5f, 0.1f, 0.2f];
        float[] reference = [1, 2, 5, 0.1f, 0.5f, 0.2f];
        var m = ErrorMetrics.Compare("y", measured, reference, rowLength: 3);

        double[] e = measured.Zip(reference, (a, b) => (double)a - b).ToArray();
        Assert.Equal(6, m.Count);
        Assert.Equal(e.Max(Math.Abs), m.MaxAbsError, 12);
        Assert.Equal(e.Average(Math.Abs), m.MeanAbsError, 12);
        Assert.Equal(Math.Sqrt(e.Average(v => v * v)), m.Rmse, 12);
        Assert.Equal(10 * Math.Log10(reference.Sum(v => (double)v * v) / e.Sum(v => v * v)), m.SnrDb, 9);
        double dot = measured.Zip(reference, (a, b) => (double)a * b).Sum();
        Assert.Equal(dot / Math.Sqrt(measured.Sum(v => (double)v * v) * reference.Sum(v => (double)v * v)), m.CosineSimilarity, 12);
        Assert.Equal(0.5, m.Top1Agreement); // row 1 agrees (index 2), row 2 does not (0 vs 1)

        var t = ErrorMetrics.TensorStats("t", measured, reference, 0.5f, 3);
        Assert.Equal(e.Average(), t.MeanError, 12);
        Assert.Equal(Math.Sqrt(e.Average(v => (v - e.Average()) * (v - e.Average()))), t.StdDev, 9);
        Assert.Equal(e.Average(v => v * v), t.MeanSquaredError, 12);
        Assert.Equal(0.5f, t.Scale);
    }

    [Theory]
    [InlineData("hello_world_int8.tflite", "CMSIS-NN")]
    [InlineData("hello_world_float.tflite", "TFLM reference")]
    [InlineData("person_detect.tflite", "CMSIS-NN")]
    public void AnalyzesRealModels(string file, string armTarget)
    {
        var path = Model(file);
        var graph = TfLiteReader.ReadFile(path);
        var analysis = ModelAnalyzer.Analyze(graph, new Interpreter(graph));

        Assert.Equal(new FileInfo(path).Length, analysis.SizeBytes);
        Assert.False(analysis.SizeIsSerialized);
        Assert.Equal(armTarget, analysis.ArmTarget);
        Assert.Equal(graph.Main.Operators.Count, analysis.Operators.Sum(o => o.Count));
        Assert.Equal(graph.Main.Tensors.Where(t => t.IsConstant).Sum(t => t.ElementCount), analysis.ParameterCount);
        // TFLite Micro's arena also holds its own bookkeeping, so the two are compared as a report only.
        var golden = JsonDocument.Parse(File.ReadAllText(SharedData.Path("conformance", "tflm-goldens", $"conformance__tflite-micro__models__{file}.json")))
            .RootElement.GetProperty("arena_bytes").GetInt32();
        output.WriteLine($"{file}: arena {analysis.ArenaBytes} bytes planned, TFLite Micro used {golden}; MACs {analysis.Macs}");
        Assert.True(analysis.ArenaBytes > 0);
    }

    [Fact]
    public void HelloWorldMacsAreItsThreeDenseLayers()
    {
        // hello_world: Dense(16) on 1 input, Dense(16), Dense(1): 1*16 + 16*16 + 16*1 MACs.
        var graph = TfLiteReader.ReadFile(Model("hello_world_int8.tflite"));
        Assert.Equal(16 + 256 + 16, ModelAnalyzer.Analyze(graph, new Interpreter(graph)).Macs);
    }

    [Fact]
    public void OperatorsWithoutTflmKernelAreNamed()
    {
        var g = TfLiteGraph.CreateEmpty("gelu");
        var x = g.Main.AddTensor(new Tensor("x", TensorType.Float32, [1, 4]));
        var y = g.Main.AddTensor(new Tensor("y", TensorType.Float32, [1, 4]));
        g.Main.Inputs.Add(x);
        g.Main.Outputs.Add(y);
        g.Main.AddOperator(new Operator(BuiltinOperator.Gelu, [x], [y]));
        Assert.Equal("unsupported: GELU", ArmKernelSupport.Summarize(g));
        var analysis = ModelAnalyzer.Analyze(g, null);
        Assert.Null(analysis.ArenaBytes);
        Assert.True(analysis.SizeIsSerialized);
        Assert.Equal(TfLiteWriter.Write(g).Length, analysis.SizeBytes);
    }

    [Theory]
    [InlineData(BuiltinOperator.Conv2D, TensorType.Int8, ArmKernel.CmsisNn)]
    [InlineData(BuiltinOperator.Conv2D, TensorType.Int16, ArmKernel.CmsisNn)]
    [InlineData(BuiltinOperator.Conv2D, TensorType.Float32, ArmKernel.TflmReference)]
    [InlineData(BuiltinOperator.Pad, TensorType.Int8, ArmKernel.CmsisNn)]
    [InlineData(BuiltinOperator.Pad, TensorType.Int16, ArmKernel.TflmReference)]
    [InlineData(BuiltinOperator.TransposeConv, TensorType.Int16, ArmKernel.TflmReference)]
    [InlineData(BuiltinOperator.ReduceMin, TensorType.Int8, ArmKernel.TflmReference)]
    [InlineData(BuiltinOperator.ReverseV2, TensorType.Float32, ArmKernel.TflmReference)]
    [InlineData(BuiltinOperator.Gelu, TensorType.Float32, ArmKernel.Unsupported)]
    public void ArmKernelDependsOnTheOperatorAndItsActivationType(BuiltinOperator code, TensorType type, ArmKernel expected)
    {
        var x = new Tensor("x", type, [1, 4]);
        Assert.Equal(expected, ArmKernelSupport.KernelFor(new Operator(code, [x], [new Tensor("y", type, [1, 4])])));
    }

    [Fact]
    public void Int16ModelWithPadIsNotAllCmsisNn()
    {
        var g = TfLiteGraph.CreateEmpty("pad16");
        var x = g.Main.AddTensor(new Tensor("x", TensorType.Int16, [1, 4, 4, 1]));
        var p = g.Main.AddTensor(new Tensor("p", TensorType.Int16, [1, 6, 6, 1]));
        var y = g.Main.AddTensor(new Tensor("y", TensorType.Int16, [1, 6, 6, 1]));
        g.Main.AddOperator(new Operator(BuiltinOperator.Pad, [x], [p]));
        g.Main.AddOperator(new Operator(BuiltinOperator.MaxPool2D, [p], [y]));
        Assert.Equal("TFLM reference", ArmKernelSupport.Summarize(g));
    }

    [Fact]
    public void ModelAgainstItselfHasNoError()
    {
        var graph = TfLiteReader.ReadFile(Model("hello_world_float.tflite"));
        var report = AccuracyComparison.Compare(graph, graph, RandomInputs.Create(graph, 5, seed: 1), InterpreterOptions.Default, perTensor: true);
        var o = Assert.Single(report.Outputs);
        Assert.Equal(5, o.Count);
        Assert.Equal(0, o.MaxAbsError);
        Assert.Equal(double.PositiveInfinity, o.SnrDb);
        Assert.Equal(1, o.CosineSimilarity, 12);
        Assert.NotEmpty(report.Tensors);
        Assert.All(report.Tensors, t => Assert.Equal(0, t.MaxAbsError));
    }

    [Fact]
    public void Int8AgainstFloatHelloWorld()
    {
        var int8 = TfLiteReader.ReadFile(Model("hello_world_int8.tflite"));
        var fp = TfLiteReader.ReadFile(Model("hello_world_float.tflite"));
        var samples = RandomInputs.Create(int8, 20, seed: 7);
        var report = AccuracyComparison.Compare(int8, fp, samples, InterpreterOptions.Default, perTensor: false);
        var o = Assert.Single(report.Outputs);
        Assert.Equal(20, o.Count);
        Assert.InRange(o.MaxAbsError, 1e-6, 0.2);
        Assert.True(o.SnrDb > 10, $"SNR {o.SnrDb} dB");
        // The same seed gives the same samples.
        Assert.Equal(samples[3][0].Array.Data, RandomInputs.Create(int8, 20, seed: 7)[3][0].Array.Data);
    }

    [Fact]
    public void LatencyBenchmarkTimesEveryNode()
    {
        var graph = TfLiteReader.ReadFile(Model("hello_world_float.tflite"));
        int calls = 0;
        var report = LatencyBenchmark.Run(graph, RandomInputs.Create(graph, 1, 1)[0], InterpreterOptions.Default, 10, 2, perOperator: true, (_, _) => calls++);
        Assert.Equal(12, calls);
        Assert.Equal(10, report.Statistics.Count);
        Assert.True(report.Statistics.Min <= report.Statistics.Median && report.Statistics.Median <= report.Statistics.Max);
        Assert.Equal(graph.Main.Operators.Count, report.ByNode.Count);
        Assert.Equal(100, report.ByNode.Sum(n => n.Percent), 6);
        Assert.Equal("FULLY_CONNECTED", Assert.Single(report.ByOperatorType).Name);
    }
}
