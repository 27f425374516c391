using TfLite.Core.Data;
using TfLite.Core.Graph;
using TfLite.Core.Quantization.Calibration;
using TfLite.Core.Tests.Infrastructure;
using TfLite.Core.Tests.Quantization.Modes;
using Xunit;

namespace TfLite.Core.Tests.Quantization.Calibration;

public class CalibratorTests
{
    /// <summary>x [1, 4] -&gt; y = x + c -&gt; z = relu(y), c = 1.</summary>
    private static TfLiteGraph AddRelu()
    {
        var g = TfLiteGraph.CreateEmpty("add_relu");
        var m = g.Main;
        var x = m.AddTensor(new Tensor("x", TensorType.Float32, [1, 4]));
        var c = m.AddTensor(Tensor.Constant<float>("c", TensorType.Float32, [1, 4], [1f, 1f, 1f, 1f]));
        var y = m.AddTensor(new Tensor("y", TensorType.Float32, [1, 4]));
        var z = m.AddTensor(new Tensor("z", TensorType.Float32, [1, 4]));
        m.Inputs.Add(x);
        m.AddOperator(new Operator(BuiltinOperator.Add, [x, c], [y], new AddOptions()));
        m.AddOperator(new Operator(BuiltinOperator.Relu, [y], [z]));
        m.Outputs.Add(z);
        return g;
    }

    private static CalibrationDataset Samples(TfLiteGraph g, params float[][] rows) =>
        CalibrationData.FromArrays(g, [new NDArray(rows.SelectMany(r => r).ToArray(), rows.Length, 4)]);

    [Fact]
    public void Ranges_of_every_activation_checked_by_hand()
    {
        var g = AddRelu();
        var reports = new List<CalibrationProgress>();
        var ranges = new Calibrator(g, () => new MinMaxObserver())
            .Run(Samples(g, [1f, -2f, 3f, 0f], [-5f, 0.5f, 2f, 1f]), progress: new SyncProgress<CalibrationProgress>(reports.Add));
        // y = x + 1: [2, -1, 4, 1] and [-4, 1.5, 3, 2]; z = relu(y).
        Assert.Equal((-5f, 3f), ranges["x"]);
        Assert.Equal((-4f, 4f), ranges["y"]);
        Assert.Equal((0f, 4f), ranges["z"]);
        Assert.False(ranges.ContainsKey("c"));
        Assert.Equal([new CalibrationProgress(1, 2), new CalibrationProgress(2, 2)], reports);
    }

    [Fact]
    public void Data_that_does_not_fit_the_input_is_a_typed_error_naming_the_input()
    {
        var g = AddRelu();
        var e = Assert.Throws<QuantizationException>(() => CalibrationData.FromArrays(g, [new NDArray(new float[10], 2, 5)]));
        Assert.Equal(CalibrationErrorIds.ShapeMismatch, e.ErrorId);
        Assert.Equal("x", e.Target);
        Assert.Contains("'x'", e.Message);
        var empty = new CalibrationDataset(CalibrationInput.Of(g), 0, _ => [], "nothing");
        Assert.Equal(CalibrationErrorIds.NoSamples, Assert.Throws<QuantizationException>(() => new Calibrator(g, () => new MinMaxObserver()).Run(empty)).ErrorId);
        var two = Assert.Throws<QuantizationException>(() => CalibrationData.FromArrays(g, [new NDArray(new float[8], 2, 4), new NDArray(new float[8], 2, 4)]));
        Assert.Equal(CalibrationErrorIds.ShapeMismatch, two.ErrorId);
    }

    [Fact]
    public void Mnist_calibration_of_a_real_model_gives_finite_ranges_for_every_activation()
    {
        var g = QuantizedModels.Float("jhonatan-mnist-gap-k3.14h5", "model.h5");
        var data = CalibrationData.FromPath(g, SharedData.Path("datasets", "mnist", "x_calib.npy"));
        Assert.Equal(500, data.Count);
        var subset = new CalibrationDataset(data.Inputs, 20, data.GetSample, data.Source);
        var ranges = new Calibrator(g, () => new MinMaxObserver()).Run(subset);
        var activations = g.Main.Tensors.Where(t => t is { Type: TensorType.Float32, IsConstant: false }).Select(t => t.Name).ToList();
        Assert.Equal(activations.Order(), ranges.Keys.Order());
        Assert.All(ranges.Values, r => Assert.True(float.IsFinite(r.Min) && float.IsFinite(r.Max) && r.Min <= r.Max));
        var (inMin, inMax) = ranges[g.Main.Inputs[0].Name];
        Assert.Equal(0f, inMin);
        Assert.InRange(inMax, 0.99f, 1f);
        var (outMin, outMax) = ranges[g.Main.Outputs[0].Name];
        Assert.InRange(outMin, 0f, 0.1f);
        Assert.InRange(outMax, 0.5f, 1f);
    }

    private sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
