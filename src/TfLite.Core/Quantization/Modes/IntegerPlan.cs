using TfLite.Core.Graph;

namespace TfLite.Core.Quantization.Modes;

/// <summary>
/// The decisions of a full-integer quantization before anything is rewritten: which operators run in integer, and
/// the scale and zero point of every activation they read or write (from ranges, fixed by the kernel, or shared with
/// the input as the quantization spec requires).
/// </summary>
internal sealed class IntegerPlan
{
    private IntegerPlan(TensorType activations) => Activations = activations;

    /// <summary>Int8 or Int16.</summary>
    public TensorType Activations { get; }

    /// <summary>Operators that run with integer kernels.</summary>
    public HashSet<Operator> IntegerOps { get; } = new(ReferenceEqualityComparer.Instance);

    /// <summary>Parameters of the activation tensors the integer operators touch (keys are the original tensors).</summary>
    public Dictionary<Tensor, QuantizationParameters> Parameters { get; } = new(ReferenceEqualityComparer.Instance);

    /// <summary>Plans the main subgraph.</summary>
    /// <exception cref="QuantizationException"><c>NoIntegerKernel</c> under IntegerOnly, <c>MissingCalibrationData</c>.</exception>
    public static IntegerPlan Make(Subgraph subgraph, QuantizationOptions options, TensorType activations)
    {
        var plan = new IntegerPlan(activations);
        var exclusions = new OperatorExclusions(options);
        var floatOnly = new List<Operator>();
        foreach (var op in subgraph.Operators)
        {
            if (!CarriesFloat(op)) continue;
            if (!exclusions.IsExcluded(op) && IntegerOperators.Supports(op, activations) && op.Outputs.All(o => o.Type == TensorType.Float32))
                plan.IntegerOps.Add(op);
            else if (!exclusions.IsExcluded(op))
                floatOnly.Add(op);
        }
        if (options.IntegerOnly && floatOnly.Count > 0)
            throw new QuantizationException("NoIntegerKernel",
                $"{floatOnly.Count} operator(s) have no {activations} integer kernel: {string.Join(", ", floatOnly.Select(Describe))}. " +
                "Leave out IntegerOnly to keep them in float, or exclude them explicitly.", Describe(floatOnly[0]));
        foreach (var op in floatOnly) options.Log?.Report($"{options.Mode}: {Describe(op)} stays float (no integer kernel).");

        var ranges = new CalibrationRanges(options);
        foreach (var op in subgraph.Operators.Where(plan.IntegerOps.Contains))
        {
            foreach (var input in op.Inputs)
                if (input is { IsConstant: false, Type: TensorType.Float32 } && !plan.Parameters.ContainsKey(input))
                    plan.FromRange(input, ranges, options, subgraph);
            var rule = IntegerOperators.RuleOf(op.Code)!.Value;
            foreach (var output in op.Outputs)
            {
                if (rule == OutputRule.Fixed) plan.Parameters[output] = IntegerOperators.FixedOutput(op.Code, activations);
                else if (rule == OutputRule.SameAsInput && DataInput(op) is { } data && plan.Parameters.TryGetValue(data, out var p))
                    plan.Parameters[output] = p.Clone();
                else plan.FromRange(output, ranges, options, subgraph);
            }
        }
        ranges.ThrowIfMissing();
        return plan;
    }

    private void FromRange(Tensor tensor, CalibrationRanges ranges, QuantizationOptions options, Subgraph subgraph)
    {
        if (options.InputStats is { } stats && subgraph.Inputs.Contains(tensor))
        {
            var uint8 = ActivationParameters.FromInputStats(stats.Mean, stats.Std);
            Parameters[tensor] = QuantizationParameters.PerTensor(uint8.Scale[0], uint8.ZeroPoint[0] - 128);
            return;
        }
        if (ranges.Of(tensor) is { } r)
            Parameters[tensor] = r.Trained ? ActivationParameters.FromTrainedRange(r.Min, r.Max, Activations) : ActivationParameters.FromRange(r.Min, r.Max, Activations);
    }

    /// <summary>The activation whose parameters a same-scale operator passes on: its first float run-time input
    /// (SPLIT takes the axis first).</summary>
    private static Tensor? DataInput(Operator op) => op.Inputs.FirstOrDefault(i => i is { IsConstant: false, Type: TensorType.Float32 });

    private static bool CarriesFloat(Operator op) =>
        op.Inputs.Any(i => i is { Type: TensorType.Float32 }) || op.Outputs.Any(o => o.Type == TensorType.Float32);

    /// <summary>An operator as messages name it: its type and its source layer or first output.</summary>
    public static string Describe(Operator op) => $"{op.Code} '{op.SourceLayer ?? op.Outputs.FirstOrDefault()?.Name ?? "?"}'";
}
