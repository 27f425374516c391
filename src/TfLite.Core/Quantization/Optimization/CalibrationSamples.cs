using TfLite.Core.Data;
using TfLite.Core.Graph;

namespace TfLite.Core.Quantization.Optimization;

/// <summary>
/// Calibration data laid out for a model: for each model input an array whose first axis counts the samples and
/// whose other axes hold one input of the model (batch dimension excluded), as float32.
/// </summary>
public sealed class CalibrationSamples
{
    private readonly float[][] _inputs;
    private readonly int[] _sampleSizes;

    private CalibrationSamples(float[][] inputs, int[] sampleSizes, int count, int[][] sampleShapes)
    {
        _inputs = inputs;
        _sampleSizes = sampleSizes;
        Count = count;
        SampleShapes = sampleShapes;
    }

    /// <summary>Number of samples.</summary>
    public int Count { get; }

    /// <summary>Shape of one sample of each input, with a leading batch dimension of 1.</summary>
    public IReadOnlyList<int[]> SampleShapes { get; }

    /// <summary>The values of sample <paramref name="index"/> for input <paramref name="input"/>.</summary>
    public ReadOnlySpan<float> Sample(int input, int index) => _inputs[input].AsSpan(index * _sampleSizes[input], _sampleSizes[input]);

    /// <summary>Lays <paramref name="arrays"/> (one per model input, in input order) out for <paramref name="graph"/>.
    /// The first axis of an array counts its samples; an array of one input's size holds one sample.</summary>
    /// <param name="graph">The model whose inputs the data feeds.</param>
    /// <param name="arrays">The data, one array per model input.</param>
    /// <param name="source">Where the data came from (file or "array"), for messages.</param>
    /// <exception cref="QuantizationException"><c>MissingCalibrationData</c>: no samples;
    /// <c>CalibrationDataMismatch</c>: another number of arrays than inputs, or an array whose size is no multiple of
    /// the input's, or whose samples disagree in count.</exception>
    public static CalibrationSamples For(TfLiteGraph graph, IReadOnlyList<NDArray> arrays, string source)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(arrays);
        var inputs = graph.Inputs;
        if (arrays.Count != inputs.Count)
            throw Mismatch($"The calibration data from {source} has {arrays.Count} array(s) but the model has {inputs.Count} input(s) ({string.Join(", ", inputs.Select(t => t.Name))}).", source);
        var data = new float[inputs.Count][];
        var sizes = new int[inputs.Count];
        var shapes = new int[inputs.Count][];
        var count = -1;
        for (var i = 0; i < inputs.Count; i++)
        {
            var input = inputs[i];
            var dims = input.Shape.Length > 0 ? input.Shape[1..] : [];
            sizes[i] = (int)Shape.ElementCount(dims);
            shapes[i] = [1, .. dims];
            var array = arrays[i];
            if (array.Length == 0)
                throw new QuantizationException("MissingCalibrationData", $"The calibration data from {source} for input '{input.Name}' is empty.", source);
            var values = ToFloats(array, source);
            if (sizes[i] == 0 || values.Length % sizes[i] != 0 || !FitsShape(array.GetShape(), dims))
                throw Mismatch($"The calibration data from {source} has shape {Shape.Format(array.GetShape())}, which does not hold samples of input '{input.Name}' {Shape.Format(input.ShapeSignature ?? input.Shape)}.", input.Name);
            var samples = values.Length / sizes[i];
            if (count >= 0 && samples != count)
                throw Mismatch($"The calibration data from {source} holds {count} sample(s) for one input and {samples} for '{input.Name}'.", input.Name);
            count = samples;
            data[i] = values;
        }
        return new CalibrationSamples(data, sizes, Math.Max(count, 0), shapes);
    }

    /// <summary>The first axis counts samples and the rest holds one input (in any layout of the same size, e.g.
    /// [N, 28, 28] for an input [28, 28, 1]); or the whole array is one sample.</summary>
    private static bool FitsShape(int[] data, int[] input)
    {
        var size = Shape.ElementCount(input);
        return Shape.ElementCount(data) == size || (data.Length >= 1 && Shape.ElementCount(data[1..]) == size);
    }

    private static float[] ToFloats(NDArray array, string source)
    {
        try
        {
            return array.ToSingleArray();
        }
        catch (Exception e) when (e is NotSupportedException or InvalidOperationException or InvalidCastException)
        {
            throw Mismatch($"The calibration data from {source} holds {array.ElementType} values, which are not numbers.", source);
        }
    }

    private static QuantizationException Mismatch(string message, string target) => new("CalibrationDataMismatch", message, target);
}
