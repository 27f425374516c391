using TfLite.Core.Graph;

namespace TfLite.Core.Quantization.Calibration;

/// <summary>One model input as calibration data must fill it: its name and the shape of one sample (batch 1).</summary>
/// <param name="Name">The input tensor's name.</param>
/// <param name="SampleShape">The input's shape with the first (batch) dimension set to 1.</param>
public sealed record CalibrationInput(string Name, int[] SampleShape)
{
    /// <summary>Number of values in one sample.</summary>
    public int SampleLength => (int)Shape.ElementCount(SampleShape);

    /// <summary>The inputs of a graph's main subgraph, in order.</summary>
    public static IReadOnlyList<CalibrationInput> Of(TfLiteGraph graph) =>
        [.. graph.Main.Inputs.Select(t =>
        {
            var shape = (int[])t.Shape.Clone();
            if (shape.Length > 0) shape[0] = 1;
            return new CalibrationInput(t.Name, shape);
        })];
}

/// <summary>
/// Calibration samples: sample i holds one float array per model input, in the inputs' order, each as long as
/// <see cref="CalibrationInput.SampleLength"/>. Samples are produced on demand, so a folder of images is decoded
/// one image at a time.
/// </summary>
public sealed class CalibrationDataset
{
    private readonly Func<int, float[][]> _sample;

    /// <summary>Creates a dataset of <paramref name="count"/> samples produced by <paramref name="sample"/>.</summary>
    /// <param name="inputs">The model inputs the samples fill.</param>
    /// <param name="count">Number of samples.</param>
    /// <param name="sample">Produces sample i.</param>
    /// <param name="source">Where the data comes from (a path, or a description), for messages.</param>
    public CalibrationDataset(IReadOnlyList<CalibrationInput> inputs, int count, Func<int, float[][]> sample, string source)
    {
        Inputs = inputs;
        Count = count;
        _sample = sample;
        Source = source;
    }

    /// <summary>The model inputs.</summary>
    public IReadOnlyList<CalibrationInput> Inputs { get; }

    /// <summary>Number of samples.</summary>
    public int Count { get; }

    /// <summary>Where the data comes from.</summary>
    public string Source { get; }

    /// <summary>Sample <paramref name="index"/>: one array per input.</summary>
    public float[][] GetSample(int index)
    {
        if ((uint)index >= (uint)Count) throw new ArgumentOutOfRangeException(nameof(index));
        return _sample(index);
    }
}

/// <summary>Progress of a calibration run.</summary>
/// <param name="Completed">Samples run so far.</param>
/// <param name="Total">All samples.</param>
public readonly record struct CalibrationProgress(int Completed, int Total);
