using TfLite.Core.Data;
using TfLite.Core.Graph;
using TfLite.Core.Keras;
using TfLite.Core.Quantization;
using TfLite.Core.Quantization.Calibration;
using TfLite.Core.Quantization.Optimization;
using TfLite.Core.Tests.Infrastructure;
using TfLite.Core.Tests.Keras;
using Xunit;

namespace TfLite.Core.Tests.Quantization.Optimization;

/// <summary>MinMax calibration through the optimizer against ranges computed by hand, the checks before quantizing,
/// and the per-layer error report.</summary>
public sealed class ModelOptimizerTests
{
    private static readonly float[] Kernel = [1f, -2f, 0.5f, 3f, -1f, 0.25f]; // Keras [3, 2]
    private static readonly float[] Bias = [0.1f, -0.2f];

    /// <summary>input [3] → Dense(2) → ReLU as separate layers, so the pre-activation tensor survives.</summary>
    private static TfLiteGraph DenseRelu() => KerasModelBuilder.Sequential(3)
        .Add("Dense", new { name = "dense", units = 2, use_bias = true }, KerasModelBuilder.W("kernel", [3, 2], Kernel), KerasModelBuilder.W("bias", [2], Bias))
        .Add("Activation", new { name = "relu", activation = "relu" })
        .Convert(optimize: false);

    private static readonly float[][] Samples = [[1f, 2f, 3f], [-1f, 0.5f, 2f], [0f, -3f, 1f]];

    [Fact]
    public void MinMax_calibration_records_each_tensors_extremes_over_all_samples()
    {
        var graph = DenseRelu();
        var samples = CalibrationData.FromArrays(graph, [new NDArray(Samples.SelectMany(s => s).ToArray(), 3, 3)]);
        var seen = new List<int>();
        var ranges = ModelOptimizer.Calibrate(graph, new OptimizationRequest
        {
            Quantization = new QuantizationOptions { Mode = QuantizationMode.Int8 },
            Calibration = samples,
            SampleProgress = new Collect(seen),
        });

        // y = x · kernel + bias, by hand.
        var dense = Samples.Select(x => Enumerable.Range(0, 2).Select(j => x[0] * Kernel[j] + x[1] * Kernel[2 + j] + x[2] * Kernel[4 + j] + Bias[j]).ToArray()).ToArray();
        var all = dense.SelectMany(v => v).ToArray();
        Assert.Equal((Samples.SelectMany(s => s).Min(), Samples.SelectMany(s => s).Max()), ranges[graph.Inputs[0].Name]);
        var fc = graph.Main.Operators.Single(o => o.Code == BuiltinOperator.FullyConnected).Outputs[0].Name;
        Assert.Equal(all.Min(), ranges[fc].Min, 5);
        Assert.Equal(all.Max(), ranges[fc].Max, 5);
        Assert.Equal(0f, ranges[graph.Outputs[0].Name].Min);
        Assert.Equal(all.Max(), ranges[graph.Outputs[0].Name].Max, 5);
        Assert.Equal([1, 2, 3], seen);
    }

    [Theory]
    [InlineData(QuantizationMode.Int8)]
    [InlineData(QuantizationMode.Int16x8)]
    public void Integer_modes_without_data_or_trained_ranges_report_missing_calibration_data(QuantizationMode mode)
    {
        var e = Assert.Throws<QuantizationException>(() => ModelOptimizer.Optimize(DenseRelu(),
            new OptimizationRequest { Quantization = new QuantizationOptions { Mode = mode } }));
        Assert.Equal("MissingCalibrationData", e.ErrorId);
    }

    [Fact]
    public void A_quantization_aware_model_needs_no_calibration_data()
    {
        var graph = KerasImporter.Import(SharedData.Path("models", "sheena-qat-conv-k2.10", "q_aware_model.h5"));
        Assert.True(ModelOptimizer.HasTrainedRanges(graph));
        Assert.False(ModelOptimizer.HasTrainedRanges(DenseRelu()));
        var e = Record.Exception(() => ModelOptimizer.Optimize(graph, new OptimizationRequest { Quantization = new QuantizationOptions { Mode = QuantizationMode.Int8 } }));
        Assert.False(e is QuantizationException { ErrorId: "MissingCalibrationData" }, e?.Message);
    }

    [Fact]
    public void Float_modes_do_not_calibrate_and_leave_the_input_graph_alone()
    {
        var graph = DenseRelu();
        var result = ModelOptimizer.Optimize(graph, new OptimizationRequest { Quantization = new QuantizationOptions { Mode = QuantizationMode.Float16 } });
        Assert.Null(result.Ranges);
        Assert.NotSame(graph, result.Graph);
        Assert.DoesNotContain(graph.Main.Tensors, t => t.Type == TensorType.Float16);
        Assert.Contains(result.Graph.Main.Tensors, t => t.Type == TensorType.Float16);
    }

    [Fact]
    public void Signal_to_noise_is_the_power_ratio_in_decibels()
    {
        var snr = new SignalToNoise();
        snr.Add([1f, 1f], [1f, 0f]);
        Assert.Equal(10 * Math.Log10(2.0), snr.Decibels, 9);
        Assert.Equal(1.0, snr.MaxAbsError);
        var exact = new SignalToNoise();
        exact.Add([1f, 2f], [1f, 2f]);
        Assert.Equal(double.PositiveInfinity, exact.Decibels);
    }

    [Fact]
    public void Layer_error_report_compares_every_output_the_float_model_shares()
    {
        var graph = KerasImporter.Import(SharedData.Path("models", "sheena-mnist-mlp-k2.10", "model.h5"));
        var samples = CalibrationData.FromArrays(graph, [NpyReader.Read(SharedData.Path("datasets", "mnist", "x_calib.npy")).SliceFirstAxis(0, 8)]);
        var half = ModelQuantizer.Quantize(graph, new QuantizationOptions { Mode = QuantizationMode.Float16 });

        var report = LayerErrorReport.Compare(graph, half, samples);
        var outputs = graph.Main.Operators.Select(o => o.Outputs[0].Name).ToList();
        Assert.Equal(outputs, report.Where(r => r.Operator != BuiltinOperator.Dequantize).Select(r => r.Tensor));
        // float16 weights: close to float, but not exact.
        Assert.All(report.Where(r => r.Operator == BuiltinOperator.FullyConnected), r => Assert.InRange(r.SnrDecibels, 40, 200));
        Assert.Equal(double.PositiveInfinity, report.Single(r => r.Operator == BuiltinOperator.Reshape).SnrDecibels);
    }

    private sealed class Collect(List<int> seen) : IProgress<CalibrationProgress>
    {
        public void Report(CalibrationProgress value) => seen.Add(value.Completed);
    }
}
