namespace TfLite.Core.Graph;

/// <summary>One node of a subgraph: a builtin (or custom) TFLite operator with its tensors and options.</summary>
public sealed class Operator
{
    /// <summary>Creates an operator.</summary>
    public Operator(BuiltinOperator code, IEnumerable<Tensor?> inputs, IEnumerable<Tensor> outputs, OperatorOptions? options = null)
    {
        Code = code;
        Inputs = [.. inputs];
        Outputs = [.. outputs];
        Options = options;
    }

    /// <summary>The builtin operator code (<see cref="BuiltinOperator.Custom"/> for custom ops).</summary>
    public BuiltinOperator Code { get; set; }

    /// <summary>The custom operator's name when <see cref="Code"/> is <see cref="BuiltinOperator.Custom"/>.</summary>
    public string? CustomCode { get; set; }

    /// <summary>Operator version; 0 lets the writer choose the lowest version the operator's use needs.</summary>
    public int Version { get; set; }

    /// <summary>Inputs in TFLite's order; null marks an omitted optional input (index -1 in the file).</summary>
    public List<Tensor?> Inputs { get; }

    /// <summary>Outputs in TFLite's order.</summary>
    public List<Tensor> Outputs { get; }

    /// <summary>Intermediate tensors (used by quantized LSTM).</summary>
    public List<Tensor> Intermediates { get; } = [];

    /// <summary>Builtin options, or null for operators without options.</summary>
    public OperatorOptions? Options { get; set; }

    /// <summary>Raw custom options of a custom operator.</summary>
    public byte[]? CustomOptions { get; set; }

    /// <summary>The source layer this operator came from (for messages and per-layer reports); not written to files.</summary>
    public string? SourceLayer { get; set; }

    /// <summary>Typed access to the options.</summary>
    /// <exception cref="InvalidOperationException">The operator carries options of another type, or none.</exception>
    public T GetOptions<T>() where T : OperatorOptions =>
        Options as T ?? throw new InvalidOperationException($"{Code} operator has {Options?.GetType().Name ?? "no options"}, expected {typeof(T).Name}.");

    /// <inheritdoc />
    public override string ToString() => $"{Code}({string.Join(", ", Inputs.Select(i => i?.Name ?? "-"))}) -> {string.Join(", ", Outputs.Select(o => o.Name))}";
}
