using TfLite.Core.Graph;

namespace TfLite.Core.Measurement;

/// <summary>Constant parameters of one element type.</summary>
/// <param name="Type">Element type.</param>
/// <param name="Count">Number of elements.</param>
/// <param name="Bytes">Bytes of their buffers (a buffer shared by several tensors counted once).</param>
public sealed record ParameterGroup(TensorType Type, long Count, long Bytes);

/// <summary>How often an operator occurs, its MACs, and where it would run on an Arm Cortex-M device.</summary>
/// <param name="Operator">TFLite name, e.g. <c>CONV_2D</c>.</param>
/// <param name="Count">Occurrences in all subgraphs.</param>
/// <param name="Macs">Multiply-accumulates of all occurrences.</param>
/// <param name="TflmBuiltin">True when TFLite Micro has a builtin kernel.</param>
/// <param name="CmsisNn">True when CMSIS-NN has an optimized kernel for it (int8/int16).</param>
/// <param name="ArmKernel">The kernel its occurrences use (the least optimized one when they differ).</param>
public sealed record OperatorUsage(string Operator, int Count, long Macs, bool TflmBuiltin, bool CmsisNn, ArmKernel ArmKernel);

/// <summary>A model input or output with its quantization.</summary>
/// <param name="Name">Tensor name.</param>
/// <param name="Type">Element type.</param>
/// <param name="Shape">Shape signature as TFLite prints it (<c>-1</c> for a dynamic batch).</param>
/// <param name="Scale">Per-tensor scale, or null when not quantized.</param>
/// <param name="ZeroPoint">Per-tensor zero point, or null when not quantized.</param>
public sealed record TensorSummary(string Name, TensorType Type, string Shape, float? Scale, long? ZeroPoint)
{
    /// <summary>e.g. <c>input Int8 [1,28,28,1] scale 0.00392 zp -128</c>.</summary>
    public override string ToString() =>
        $"{Name} {Type} {Shape}" + (Scale is { } s ? $" scale {s:G6} zp {ZeroPoint}" : "");
}

/// <summary>What can be known about a model without running it.</summary>
public sealed class StaticAnalysis
{
    /// <summary>Bytes of the .tflite file, or of the serialized graph when it is not from a .tflite file.</summary>
    public long SizeBytes { get; init; }

    /// <summary>True when <see cref="SizeBytes"/> is the serialized size rather than a file's length.</summary>
    public bool SizeIsSerialized { get; init; }

    /// <summary>Number of constant elements (weights, biases, other constants).</summary>
    public long ParameterCount { get; init; }

    /// <summary>Bytes of constant data.</summary>
    public long ParameterBytes { get; init; }

    /// <summary>Parameters per element type.</summary>
    public IReadOnlyList<ParameterGroup> ParametersByType { get; init; } = [];

    /// <summary>Operator histogram, most frequent first.</summary>
    public IReadOnlyList<OperatorUsage> Operators { get; init; } = [];

    /// <summary>Number of operators.</summary>
    public int OperatorCount { get; init; }

    /// <summary>Multiply-accumulates of one inference (see <see cref="MacCounter"/>).</summary>
    public long Macs { get; init; }

    /// <summary>Bytes of the tensor arena the memory planner lays out, or null when the model cannot be prepared.</summary>
    public int? ArenaBytes { get; init; }

    /// <summary>Inputs of the main subgraph.</summary>
    public IReadOnlyList<TensorSummary> Inputs { get; init; } = [];

    /// <summary>Outputs of the main subgraph.</summary>
    public IReadOnlyList<TensorSummary> Outputs { get; init; } = [];

    /// <summary><c>CMSIS-NN</c>, <c>TFLM reference</c> or <c>unsupported: OPS</c> (see <see cref="ArmKernelSupport.Summarize"/>).</summary>
    public string ArmTarget { get; init; } = "";
}
