namespace TfLite.Core.Tests.Infrastructure.Oracle;

/// <summary>An input or output of a model as the oracle describes it (from the model, before any run).</summary>
/// <param name="Name">Signature name.</param>
/// <param name="TensorName">Flatbuffer tensor name.</param>
/// <param name="TensorIndex">Index of the tensor in its subgraph.</param>
/// <param name="DType">Element type name.</param>
/// <param name="Shape">The model's shape (a dynamic dim shows as its placeholder, usually 1).</param>
/// <param name="ShapeSignature">The shape signature, with -1 for dynamic dims; null when the model has none.</param>
/// <param name="Quantization">Quantization parameters, if any.</param>
public sealed record OracleTensorInfo(
    string Name, string? TensorName, int TensorIndex, string DType, int[] Shape, int[]? ShapeSignature,
    OracleQuantization? Quantization)
{
    /// <summary>True when the first dim is dynamic (-1 in the shape signature).</summary>
    public bool HasDynamicBatch => ShapeSignature is { Length: > 0 } s && s[0] == -1;
}

/// <summary>What the oracle reports about a model without running it.</summary>
/// <param name="Signature">The signature key used.</param>
/// <param name="Ops">Distinct builtin operator names of the signature's subgraph, in first-use order.</param>
/// <param name="NumOperators">Number of operators in that subgraph.</param>
/// <param name="Inputs">Inputs in signature order.</param>
/// <param name="Outputs">Outputs in signature order.</param>
public sealed record OracleDescription(
    string Signature, IReadOnlyList<string> Ops, int NumOperators,
    IReadOnlyList<OracleTensorInfo> Inputs, IReadOnlyList<OracleTensorInfo> Outputs);

/// <summary>The result of one oracle run.</summary>
/// <param name="Ops">Distinct builtin operator names of the subgraph that ran.</param>
/// <param name="Inputs">The model's inputs as described by the oracle.</param>
/// <param name="Outputs">The outputs of the run, in signature order.</param>
public sealed record OracleResult(IReadOnlyList<string> Ops, IReadOnlyList<OracleTensorInfo> Inputs, IReadOnlyList<OracleTensor> Outputs)
{
    /// <summary>The output with this signature name (or flatbuffer tensor name).</summary>
    public OracleTensor Output(string name) =>
        Outputs.FirstOrDefault(o => o.Name == name || o.TensorName == name)
        ?? throw new KeyNotFoundException($"No output named {name}; outputs are {string.Join(", ", Outputs.Select(o => o.Name))}.");
}

/// <summary>Options of an oracle call.</summary>
public sealed record OracleOptions
{
    /// <summary>Also report dequantized values of quantized outputs (<c>--dequantize</c>).</summary>
    public bool Dequantize { get; init; }

    /// <summary>Repair out-of-range <c>quantized_dimension</c> values in a copy before loading (<c>--fix-quant-dim</c>).</summary>
    public bool FixQuantDim { get; init; }

    /// <summary>The signature to run; null for the first.</summary>
    public string? Signature { get; init; }

    /// <summary>Kill the node process after this long. The first call on a fresh machine also installs LiteRT.js.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(5);
}

/// <summary>The oracle refused a model or its inputs, failed to run it, or did not finish in time.</summary>
public sealed class OracleException : Exception
{
    /// <summary>Creates the exception.</summary>
    public OracleException(string message, int exitCode, string stderr) : base(message)
    {
        ExitCode = exitCode;
        StdErr = stderr;
    }

    /// <summary>Exit code of the oracle: 1 usage/input error, 2 load error, 3 run error; -1 for a timeout.</summary>
    public int ExitCode { get; }

    /// <summary>What the oracle wrote to stderr, including LiteRT's own error log lines.</summary>
    public string StdErr { get; }
}
