using TfLite.Core.Graph;

namespace TfLite.Core.TensorFlow.Conversion;

/// <summary>
/// What a node's output is during conversion: a run-time <see cref="Graph.Tensor"/> of the TFLite graph, or a value
/// known at conversion time (weights, shapes and the arithmetic on them), kept as numbers until an operator needs
/// it as a tensor.
/// </summary>
public sealed class TfValue
{
    private TfValue(Tensor? tensor, int[] dims, float[]? floats, long[]? integers)
    {
        Tensor = tensor;
        Dims = dims;
        Floats = floats;
        Integers = integers;
    }

    /// <summary>The run-time tensor, or null for a constant not yet materialized.</summary>
    public Tensor? Tensor { get; private set; }

    /// <summary>Dimensions, -1 where unknown (the batch of a run-time tensor).</summary>
    public int[] Dims { get; }

    /// <summary>Float constant values (row-major), or null.</summary>
    public float[]? Floats { get; }

    /// <summary>Integer constant values (int32, int64 and bool tensors), or null.</summary>
    public long[]? Integers { get; }

    /// <summary>The steps of the fake-quantization grid the constant's values lie on, or null
    /// (see <see cref="Graph.Tensor.WeightGrid"/>).</summary>
    public float[]? WeightGrid { get; private init; }

    /// <summary>Whether the value is known at conversion time.</summary>
    public bool IsConstant => Floats is not null || Integers is not null;

    /// <summary>A run-time tensor.</summary>
    public static TfValue Of(Tensor tensor) => new(tensor, Keras.Conversion.GraphBuilder.DimsOf(tensor), null, null);

    /// <summary>A float constant.</summary>
    public static TfValue Constant(float[] values, int[] dims) => new(null, dims, values, null);

    /// <summary>A float constant whose values a FakeQuant rounded onto a grid of the given steps (one, or one per
    /// channel); the steps follow the values onto the weight tensor an operator makes of them.</summary>
    public static TfValue FakeQuantized(float[] values, int[] dims, float[] steps) => new(null, dims, values, null) { WeightGrid = steps };

    /// <summary>An integer constant.</summary>
    public static TfValue Constant(long[] values, int[] dims) => new(null, dims, null, values);

    /// <summary>The value of a TensorProto (a Const's <c>value</c>, a variable's checkpointed value): floats for the
    /// floating-point dtypes, integers for the others.</summary>
    /// <exception cref="ModelFormatException">The tensor's data does not fit its shape or dtype.</exception>
    public static TfValue FromProto(Protos.TensorProto tensor, string where)
    {
        var dims = Files.TensorValues.ShapeOf(tensor, where);
        return tensor.Dtype is Protos.DataType.DtFloat or Protos.DataType.DtHalf or Protos.DataType.DtDouble or Protos.DataType.DtBfloat16
            ? Constant(Files.TensorValues.ToFloat(tensor, where), dims)
            : Constant(Files.TensorValues.ToInt64(tensor, where), dims);
    }

    /// <summary>The constant's values as float32, whatever their type.</summary>
    public float[] FloatValues() => Floats ?? Integers?.Select(v => (float)v).ToArray()
        ?? throw new InvalidOperationException("Not a constant.");

    /// <summary>The constant's values as int32.</summary>
    public int[] IntValues() => Integers?.Select(v => checked((int)v)).ToArray() ?? Floats?.Select(v => (int)v).ToArray()
        ?? throw new InvalidOperationException("Not a constant.");

    /// <summary>Records the TFLite tensor this constant became, so later readers share it.</summary>
    internal void Materialized(Tensor tensor) => Tensor = tensor;
}
