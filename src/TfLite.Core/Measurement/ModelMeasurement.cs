using TfLite.Core.Graph;
using TfLite.Core.Inference;
using TfLite.Core.Interpreter;

namespace TfLite.Core.Measurement;

/// <summary>What to measure besides the static analysis, which is always done.</summary>
public sealed record MeasureOptions
{
    /// <summary>Time repeated runs.</summary>
    public bool Latency { get; init; }

    /// <summary>Timed runs.</summary>
    public int Iterations { get; init; } = 50;

    /// <summary>Untimed runs before the timed ones (0 for none).</summary>
    public int WarmupIterations { get; init; } = LatencyBenchmark.DefaultWarmupIterations;

    /// <summary>With warm-up runs, they go on until this much time has passed too.</summary>
    public int WarmupMilliseconds { get; init; } = LatencyBenchmark.DefaultWarmupMilliseconds;

    /// <summary>Time every node and operator type (implies <see cref="Latency"/>).</summary>
    public bool PerOperator { get; init; }

    /// <summary>The model to compare outputs with; null for no accuracy measurement.</summary>
    public TfLiteGraph? Reference { get; init; }

    /// <summary>Inputs of the runs; null for seeded random inputs.</summary>
    public IReadOnlyList<NamedArray>? Inputs { get; init; }

    /// <summary>Seed of the random inputs.</summary>
    public int Seed { get; init; }

    /// <summary>Random samples compared when no <see cref="Inputs"/> are given.</summary>
    public int SampleCount { get; init; } = 10;

    /// <summary>Compare every intermediate tensor shared by name with the reference.</summary>
    public bool PerTensor { get; init; }

    /// <summary>Rounding and threads of the interpreter.</summary>
    public InterpreterOptions Interpreter { get; init; } = InterpreterOptions.Default;
}

/// <summary>The measurements of one model: always the static analysis, and latency and accuracy when asked.</summary>
public sealed class ModelMeasurement
{
    /// <summary>The model's name.</summary>
    public required string Name { get; init; }

    /// <summary>The file the model came from, or null.</summary>
    public string? SourcePath { get; init; }

    /// <summary>Sizes, parameters, operators, MACs, arena and Arm kernel support.</summary>
    public required StaticAnalysis Static { get; init; }

    /// <summary>Run-time statistics, or null when latency was not measured.</summary>
    public LatencyReport? Latency { get; init; }

    /// <summary>Comparison with the reference model, or null when there was none.</summary>
    public AccuracyReport? Accuracy { get; init; }

    /// <summary>Bytes of the file (or serialized graph).</summary>
    public long SizeBytes => Static.SizeBytes;

    /// <summary>Number of constant elements.</summary>
    public long ParameterCount => Static.ParameterCount;

    /// <summary>Multiply-accumulates of one inference.</summary>
    public long Macs => Static.Macs;

    /// <summary>Tensor arena bytes, or null when the model cannot be prepared.</summary>
    public int? ArenaBytes => Static.ArenaBytes;

    /// <summary>Where the model would run on an Arm Cortex-M device.</summary>
    public string ArmTarget => Static.ArmTarget;

    /// <summary>Mean run time in milliseconds, or null.</summary>
    public double? MeanMilliseconds => Latency?.Statistics.Mean;

    /// <summary>Operator histogram as text, e.g. <c>CONV_2D x3, RESHAPE x1</c>.</summary>
    public string OperatorSummary => string.Join(", ", Static.Operators.Select(o => $"{o.Operator} x{o.Count}"));

    /// <inheritdoc />
    public override string ToString() => $"{Name}: {SizeBytes} bytes, {ParameterCount} parameters, {Macs} MACs, {ArmTarget}";
}

/// <summary>Runs the measurements <see cref="MeasureOptions"/> asks for on one model.</summary>
public static class ModelMeasurer
{
    /// <summary>Measures a model.</summary>
    /// <param name="graph">The model.</param>
    /// <param name="options">What to measure.</param>
    /// <param name="progress">Receives a line for each step and for progress within long steps.</param>
    /// <exception cref="InterpreterException"><c>UnsupportedOperator</c> when latency or accuracy is asked of a model
    /// the interpreter cannot run; the input ids when inputs do not fit.</exception>
    public static ModelMeasurement Measure(TfLiteGraph graph, MeasureOptions options, IProgress<string>? progress = null)
    {
        progress?.Report($"Analyzing '{graph.Name}': size, parameters, operators, MACs, arena.");
        Interpreter.Interpreter? interpreter = null;
        InterpreterException? notRunnable = null;
        try { interpreter = new Interpreter.Interpreter(graph, options.Interpreter); }
        catch (InterpreterException e) { notRunnable = e; }
        var analysis = ModelAnalyzer.Analyze(graph, interpreter);

        LatencyReport? latency = null;
        if (options.Latency || options.PerOperator)
        {
            if (notRunnable is not null) throw notRunnable;
            var inputs = options.Inputs ?? RandomInputs.Create(graph, 1, options.Seed)[0];
            progress?.Report($"Timing '{graph.Name}': at least {options.WarmupIterations} warm-up runs" +
                $"{(options.WarmupIterations > 0 ? $" and {options.WarmupMilliseconds} ms" : "")}, then {options.Iterations} timed runs on {options.Interpreter.ThreadCount} thread(s).");
            latency = LatencyBenchmark.Run(graph, inputs, options.Interpreter, options.Iterations, options.WarmupIterations, options.PerOperator,
                Every(progress, "run"), options.WarmupMilliseconds);
        }

        AccuracyReport? accuracy = null;
        if (options.Reference is { } reference)
        {
            if (notRunnable is not null) throw notRunnable;
            var samples = options.Inputs is { } given ? [given] : RandomInputs.Create(graph, options.SampleCount, options.Seed);
            progress?.Report($"Comparing '{graph.Name}' with '{reference.Name}' on {samples.Count} sample(s){(options.PerTensor ? ", every shared tensor" : "")}.");
            accuracy = AccuracyComparison.Compare(graph, reference, samples, options.Interpreter, options.PerTensor, Every(progress, "sample"));
        }
        return new ModelMeasurement { Name = graph.Name, SourcePath = graph.SourcePath, Static = analysis, Latency = latency, Accuracy = accuracy };
    }

    private static Action<int, int>? Every(IProgress<string>? progress, string what) => progress is null ? null : (done, total) =>
    {
        // A line every tenth of the way is enough for a progress bar and keeps -Verbose readable.
        if (done == total || done % Math.Max(total / 10, 1) == 0) progress.Report($"{what} {done} of {total}");
    };
}
